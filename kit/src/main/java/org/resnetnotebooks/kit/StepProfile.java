package org.resnetnotebooks.kit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where the time of one training step of notebook 06 goes: batch assembly, forward pass and
 * loss, backward pass, optimizer update, reading the loss back — and, on MXNet, which operators
 * the engine spent its time in ({@link MxnetOperatorProfile}).
 *
 * <p>Why the parts can be timed from Java: the project's kernels run MXNet with
 * {@code MXNET_ENGINE_TYPE=NaiveEngine}, which executes each operator when it is called, so a
 * Java call returns when its work is done. With MXNet's threaded engine (or PyTorch's
 * asynchronous queues on a GPU) a call only enqueues work; this class then waits for all pending
 * work after each part ({@code waitAll}), which attributes the time correctly but removes the
 * overlap the threaded engine would have had. The JSON says which engine type ran.
 *
 * <p>Usage ({@code bin/benchmark --profile} runs it): {@code java -cp ... StepProfile [batches]
 * [warmup] [batchSize] [n]}; prints one JSON line on stdout.
 */
public final class StepProfile {

    private StepProfile() {}

    /** The parts of a step, in the order they run. */
    static final String[] PARTS = {"assemble batch", "forward + loss", "backward", "optimizer update",
        "read loss (host sync)"};

    /** Times the parts of each timed step; the total also covers what lies between them. */
    static final class PartTimer implements ThroughputBenchmark.StepProbe {
        final long[] nanos = new long[PARTS.length];
        long stepNanos;
        int steps;
        private final Runnable waitAll;
        private final MxnetOperatorProfile operators;

        PartTimer(Runnable waitAll, MxnetOperatorProfile operators) {
            this.waitAll = waitAll;
            this.operators = operators;
        }

        @Override
        public void timingStarts() {
            if (operators != null) {
                operators.start();
            }
        }

        @Override
        public void step(Trainer trainer, Batch batch, long assemblyNanos, boolean timed) {
            long t0 = System.nanoTime();
            float loss;
            long t1;
            long t2;
            long t3;
            try (GradientCollector gc = trainer.newGradientCollector()) {
                NDList scores = trainer.forward(batch.getData());
                NDArray lossArray = trainer.getLoss().evaluate(batch.getLabels(), scores);
                waitAll.run();
                t1 = System.nanoTime();
                gc.backward(lossArray);
                waitAll.run();
                t2 = System.nanoTime();
                trainer.step();
                waitAll.run();
                t3 = System.nanoTime();
                loss = lossArray.getFloat();
            }
            long t4 = System.nanoTime();
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException("the loss is not finite: the profiled training diverged");
            }
            if (timed) {
                long[] parts = {assemblyNanos, t1 - t0, t2 - t1, t3 - t2, t4 - t3};
                for (int i = 0; i < parts.length; i++) {
                    nanos[i] += parts[i];
                }
                stepNanos += assemblyNanos + (t4 - t0);
                steps++;
            }
        }

        /** @return milliseconds per step of each part, then "other" (closing the collector, Java between parts) */
        Map<String, Double> millisPerStep() {
            Map<String, Double> out = new LinkedHashMap<>();
            long sum = 0;
            for (int i = 0; i < PARTS.length; i++) {
                out.put(PARTS[i], nanos[i] / 1e6 / steps);
                sum += nanos[i];
            }
            out.put("other", (stepNanos - sum) / 1e6 / steps);
            return out;
        }
    }

    /**
     * Profiles the step and prints one JSON line.
     *
     * @param args [batches] [warmup] [batchSize] [n]
     */
    public static void main(String[] args) {
        ThroughputBenchmark.Options o = ThroughputBenchmark.Options.parse(args);
        FashionMnist data = o.images();

        boolean mxnet = "MXNet".equals(Engine.getInstance().getEngineName());
        MxnetOperatorProfile operators = mxnet ? new MxnetOperatorProfile() : null;
        Runnable waitAll = mxnet ? MxnetOperatorProfile::waitAll : () -> { };
        PartTimer timer = new PartTimer(waitAll, operators);
        ThroughputBenchmark.Result r = ThroughputBenchmark.measure(data, o.n(), o.batchSize(), o.warmup(), o.batches(), timer);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("engine", r.engine());
        out.put("engine_type", System.getenv().getOrDefault("MXNET_ENGINE_TYPE", "(engine default)"));
        out.put("omp_num_threads", System.getenv().getOrDefault("OMP_NUM_THREADS", "(not set)"));
        out.put("batch_size", o.batchSize());
        out.put("batches", r.batches());
        out.put("images_per_second", r.imagesPerSecond());
        out.put("gflops", r.gflops());
        out.put("ms_per_step", timer.millisPerStep());
        if (operators != null) {
            out.put("operators", operators.stopAndCollect(r.batches()));
        }
        System.out.println(new com.google.gson.Gson().toJson(out));
        System.err.println(String.format(Locale.ROOT, "%s: %.0f images/s while profiled", r.engine(),
                r.imagesPerSecond()));
    }
}
