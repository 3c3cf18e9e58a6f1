package org.resnetnotebooks.kit;

import ai.djl.mxnet.jna.LibUtils;
import ai.djl.mxnet.jna.MxnetLibrary;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MXNet's own operator profiler, switched on for the timed steps of {@link StepProfile}: for each
 * operator (Convolution, _backward_Convolution, BatchNorm, sgd_mom_update, ...) how often it ran
 * and how long it took in total, from MXNet's aggregate statistics.
 *
 * <p>Why through MXNet's C API: DJL has no profiler interface of its own for MXNet, and the
 * environment variables ({@code MXNET_PROFILER_AUTOSTART}) would profile the warm-up too. The
 * calls are the ones MXNet's Python {@code profiler.set_config} / {@code set_state} /
 * {@code dumps} make. Only this class touches MXNet's native interface, so the kit still loads
 * without MXNet (on the PyTorch engine, {@link StepProfile} skips it).
 */
final class MxnetOperatorProfile {

    private final MxnetLibrary lib = LibUtils.loadLibrary();

    /** Waits until every pending operator has run (a no-op for NaiveEngine, which never queues). */
    static void waitAll() {
        ai.djl.mxnet.jna.JnaUtils.waitAll();
    }

    void start() {
        waitAll();
        String[] keys = {"profile_imperative", "profile_symbolic", "aggregate_stats", "filename"};
        String[] values = {"true", "true", "true", System.getProperty("java.io.tmpdir") + "/resnet-step-profile.json"};
        check(lib.MXSetProcessProfilerConfig(keys.length, keys, values, null), "configure the profiler");
        check(lib.MXSetProcessProfilerState(1, 0, null), "start the profiler");
    }

    /**
     * Stops the profiler and returns, per operator, calls per step and milliseconds per step.
     *
     * @param steps the number of profiled steps
     * @return operator name → {"calls_per_step", "ms_per_step"}, in MXNet's order (largest total first)
     */
    Map<String, Map<String, Double>> stopAndCollect(int steps) {
        waitAll();
        check(lib.MXSetProcessProfilerState(0, 0, null), "stop the profiler");
        String[] out = new String[1];
        // reset = 1, format = 1 (JSON), sort by total time (0), descending (0)
        check(lib.MXAggregateProfileStatsPrintEx(out, 1, 1, 0, 0), "read the profiler's statistics");
        JsonObject root = new Gson().fromJson(out[0], JsonObject.class);
        Map<String, Map<String, Double>> byOperator = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> domain : root.getAsJsonObject("Time").entrySet()) {
            if (!domain.getKey().startsWith("operator")) {
                continue;
            }
            for (Map.Entry<String, JsonElement> op : domain.getValue().getAsJsonObject().entrySet()) {
                JsonObject stats = op.getValue().getAsJsonObject();
                Map<String, Double> row = new LinkedHashMap<>();
                row.put("calls_per_step", stats.get("Count").getAsDouble() / steps);
                row.put("ms_per_step", stats.get("Total").getAsDouble() / steps);
                byOperator.merge(op.getKey(), row, (a, b) -> {
                    a.merge("calls_per_step", b.get("calls_per_step"), Double::sum);
                    a.merge("ms_per_step", b.get("ms_per_step"), Double::sum);
                    return a;
                });
            }
        }
        return byOperator;
    }

    private static void check(int status, String what) {
        if (status != 0) {
            throw new IllegalStateException("MXNet could not " + what + " (status " + status + ")");
        }
    }
}
