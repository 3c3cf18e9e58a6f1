package org.resnetnotebooks.kit;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Training throughput of notebook 06's step: ResNet-(6n+2) on Fashion-MNIST batches assembled by
 * {@link AugmentedImages}, {@link MomentumSgd} with weight decay, forward + backward + update.
 *
 * <p>Why a separate program: the engine's threading settings (OpenMP threads, MXNet's engine
 * type) are read once when the native library loads, so each configuration needs its own JVM.
 * {@code bin/benchmark} starts this class once per configuration, alternating them, and compares
 * the figures; this class only measures the engine it finds and prints one JSON line.
 *
 * <p>Usage: {@code java -cp ... org.resnetnotebooks.kit.ThroughputBenchmark [batches] [warmup]
 * [batchSize] [n]} (defaults 30, 5, 128, 3 = ResNet-20). Warm-up batches are run first and not
 * timed (the first batches allocate memory and, on MXNet, pick convolution algorithms).
 */
public final class ThroughputBenchmark {

    private ThroughputBenchmark() {}

    /**
     * What one run measured.
     *
     * @param engine engine name and version
     * @param device the device trained on
     * @param depth network depth (6n + 2)
     * @param batchSize images per batch
     * @param batches timed batches
     * @param seconds wall-clock time of the timed batches
     * @param forwardMacsPerImage multiply-adds of one forward pass of one image
     */
    public record Result(String engine, String device, int depth, int batchSize, int batches, double seconds,
            long forwardMacsPerImage) {

        /** @return training images per second */
        public double imagesPerSecond() {
            return batches * (double) batchSize / seconds;
        }

        /**
         * Achieved arithmetic rate. A training step costs about three forward passes (forward,
         * gradient with respect to the activations, gradient with respect to the weights), and a
         * multiply-add is two floating-point operations.
         *
         * @return GFLOP/s
         */
        public double gflops() {
            return imagesPerSecond() * 3.0 * 2.0 * forwardMacsPerImage / 1e9;
        }

        /** @return the result as one line of JSON (read by tools/benchmark.py) */
        public String toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", engine);
            m.put("device", device);
            m.put("depth", depth);
            m.put("batch_size", batchSize);
            m.put("batches", batches);
            m.put("seconds", seconds);
            m.put("forward_macs_per_image", forwardMacsPerImage);
            m.put("images_per_second", imagesPerSecond());
            m.put("gflops", gflops());
            return new com.google.gson.Gson().toJson(m);
        }
    }

    /**
     * Trains for {@code warmup + batches} batches and times the last {@code batches}.
     *
     * @param data training images
     * @param n blocks per stage (3 = ResNet-20)
     * @param batchSize images per batch
     * @param warmup untimed batches first
     * @param batches timed batches
     * @return the measurement
     */
    public static Result measure(FashionMnist data, int n, int batchSize, int warmup, int batches) {
        return measure(data, n, batchSize, warmup, batches, StepProbe.PLAIN);
    }

    /**
     * What happens in each step, so that {@link StepProfile} can time the step's parts with the same
     * net, data and optimizer as the throughput figure.
     */
    interface StepProbe {
        /** The plain step: no extra synchronisation, nothing recorded. */
        StepProbe PLAIN = (trainer, batch, assemblyNanos, timed) -> ThroughputBenchmark.step(trainer, batch);

        /** Called once, just before the first timed batch is assembled. */
        default void timingStarts() {}

        /**
         * Runs one training step.
         *
         * @param assemblyNanos how long the batch took to assemble (read, augment, copy to the engine)
         * @param timed false during the warm-up batches
         */
        void step(Trainer trainer, Batch batch, long assemblyNanos, boolean timed);
    }

    static Result measure(FashionMnist data, int n, int batchSize, int warmup, int batches, StepProbe probe) {
        if (batches < 1 || warmup < 0) {
            throw new IllegalArgumentException("need batches >= 1 and warmup >= 0");
        }
        Device device = DeviceReport.current().device();
        Block net = Nets.residual(n, Nets.Shortcut.A_ZERO_PAD);
        long macs = Complexity.macs(Nets.residual(n, Nets.Shortcut.A_ZERO_PAD), Nets.FASHION_MNIST_INPUT);
        Engine.getInstance().setRandomSeed(42);
        try (Model model = Model.newInstance("benchmark", device)) {
            model.setBlock(net);
            MomentumSgd sgd = MomentumSgd.builder().setLearningRateTracker(Tracker.fixed(0.05f))
                    .optMomentum(0.9f).optWeightDecays(1e-4f).build();
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.softmaxCrossEntropyLoss())
                    .optOptimizer(sgd).optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(batchSize, 1, 28, 28));
                // Enough passes over the data for warm-up + timed batches, every batch full-size.
                AugmentedImages images = AugmentedImages.of(data, batchSize, true, 4, true, 7);
                Iterator<Batch> it = images.getData(trainer.getManager()).iterator();
                long start = 0;
                for (int i = 0; i < warmup + batches; i++) {
                    if (!it.hasNext()) {
                        it = images.getData(trainer.getManager()).iterator();
                    }
                    if (i == warmup) {
                        probe.timingStarts();
                        start = System.nanoTime();
                    }
                    long before = System.nanoTime();
                    try (Batch batch = it.next()) {
                        probe.step(trainer, batch, System.nanoTime() - before, i >= warmup);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                Engine engine = Engine.getInstance();
                return new Result(engine.getEngineName() + " " + engine.getVersion(), device.toString(),
                        Nets.depth(n), batchSize, batches, seconds, macs);
            }
        }
    }

    /** One training step; the loss is read back so the step has really finished (engines run asynchronously). */
    static void step(Trainer trainer, Batch batch) {
        try (GradientCollector gc = trainer.newGradientCollector()) {
            NDList scores = trainer.forward(batch.getData());
            NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), scores);
            gc.backward(loss);
            trainer.step();
            if (!Float.isFinite(loss.getFloat())) {
                throw new IllegalStateException("the loss is not finite: the benchmark's training diverged");
            }
        }
    }

    /**
     * What the command-line measurements ({@link #main}, {@link StepProfile#main}) read from their
     * arguments {@code [batches] [warmup] [batchSize] [n]}.
     *
     * @param batches timed batches (30)
     * @param warmup batches before the timing starts (5)
     * @param batchSize images per batch (128)
     * @param n ResNet-(6n+2) (3: ResNet-20)
     */
    record Options(int batches, int warmup, int batchSize, int n) {

        /**
         * Reads the arguments; also keeps DJL from probing for a cloud machine's metadata.
         *
         * @param args the command line
         * @return the options, each defaulted when absent
         */
        static Options parse(String[] args) {
            if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
                System.setProperty("OPT_OUT_TRACKING", "true");
            }
            return new Options(arg(args, 0, 30), arg(args, 1, 5), arg(args, 2, 128), arg(args, 3, 3));
        }

        private static int arg(String[] args, int i, int otherwise) {
            return args.length > i ? Integer.parseInt(args[i]) : otherwise;
        }

        /**
         * The training images the run needs, and no more: loading all 60,000 would dominate a
         * short run.
         *
         * @return the first images of Fashion-MNIST's training split
         */
        FashionMnist images() {
            int images = Math.min(60_000, Math.max(batchSize, (warmup + batches) * batchSize));
            return FashionMnist.builder().split(FashionMnist.Split.TRAIN).limit(images).load();
        }
    }

    /**
     * Measures and prints one JSON line.
     *
     * @param args [batches] [warmup] [batchSize] [n]
     */
    public static void main(String[] args) {
        Options o = Options.parse(args);
        Result r = measure(o.images(), o.n(), o.batchSize(), o.warmup(), o.batches());
        System.out.println(r.toJson());
        System.err.println(String.format(Locale.ROOT, "%s on %s: %.0f images/s, %.1f GFLOP/s",
                r.engine(), r.device(), r.imagesPerSecond(), r.gflops()));
    }
}
