package org.resnetnotebooks.kit;

import ai.djl.Device;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What runs the notebooks: the engine, its version, the device it computes on and, when that is
 * the CPU although the learner may have a GPU, why, in plain sentences with what to do.
 *
 * <p>Why: "is my GPU used?" is the first question of anyone who trains a network, and with MXNet
 * the answer is often "no" for reasons hidden in DJL's logs (CPU-only native jar, CUDA 12, a GPU
 * generation MXNet 1.9.1 was never built for). The decision is a pure function {@link
 * #decide(Probe)} of facts gathered by a {@link Probe}, so every case can be tested without the
 * hardware; {@link SystemProbe} gathers the real facts and never hangs or throws.
 *
 * <p>Engine-specific knowledge lives in rules keyed by engine name ({@code "MXNet"}, {@code
 * "PyTorch"}); an engine without rules gets only engine-neutral sentences, so adding the PyTorch
 * engine later never produces MXNet claims.
 */
public final class DeviceReport {

    /**
     * One NVIDIA GPU as {@code nvidia-smi} reports it.
     *
     * @param name the product name, e.g. "NVIDIA L4"
     * @param computeCapability e.g. "8.9"; empty when the driver is too old to report it
     */
    public record Gpu(String name, String computeCapability) {
        /**
         * Creates a GPU description.
         *
         * @param name the product name
         * @param computeCapability the compute capability or ""
         */
        public Gpu {
            Objects.requireNonNull(name, "name");
            computeCapability = computeCapability == null ? "" : computeCapability.strip();
        }

        @Override
        public String toString() {
            return computeCapability.isEmpty()
                    ? name
                    : name + " (compute capability " + computeCapability + ")";
        }
    }

    /** The facts the decision is based on. */
    public interface Probe {
        /**
         * The DJL engine's name.
         *
         * @return e.g. "MXNet" or "PyTorch"; {@code null} if no engine could be loaded
         */
        String engineName();

        /**
         * The engine's version.
         *
         * @return e.g. "1.9.1"; {@code null} if no engine could be loaded
         */
        String engineVersion();

        /**
         * Why the engine could not be loaded (cause chain as text).
         *
         * @return empty when the engine loaded
         */
        Optional<String> engineError();

        /**
         * How many GPUs the engine can use (DJL's {@code Engine.getGpuCount()}).
         *
         * @return 0 when the engine computes on the CPU only
         */
        int engineGpuCount();

        /**
         * The CUDA runtime (libcudart) found on this machine.
         *
         * @return e.g. "11.2" or "12.4"; empty when there is none
         */
        Optional<String> cudaRuntimeVersion();

        /**
         * The NVIDIA GPUs {@code nvidia-smi} lists.
         *
         * @return empty when the tool is missing or lists none
         */
        List<Gpu> gpus();

        /**
         * Whether a CPU-only MXNet native library is the one DJL will load from the classpath
         * (the {@code mxnet-native-mkl} jar).
         *
         * @return {@code true} if so
         */
        boolean cpuOnlyMxnetNative();

        /**
         * The flavour of the PyTorch native library DJL loads: {@code "cpu"} for the
         * {@code pytorch-native-cpu} jar the set-up puts on the classpath, {@code "cu128"} (etc.)
         * for a CUDA build that DJL downloads once when the set-up chose it.
         *
         * @return the flavour; empty when it cannot be told before the engine loads
         */
        default Optional<String> pytorchNativeFlavor() {
            return Optional.empty();
        }
    }

    /** MXNet 1.9.1 GPU builds exist for these compute capabilities only (CUDA 11.x). */
    public static final List<String> MXNET_GPU_CAPABILITIES =
            List.of("5.0", "6.0", "7.0", "7.5", "8.0", "8.6");

    private static final String PYTORCH_GPU_SETUP =
            "To use the GPU, run the set-up with --engine pytorch --pytorch-flavor cu128: DJL"
                    + " then downloads its CUDA 12.8 build of PyTorch once (the network is needed"
                    + " for that first start only).";

    private static final String SWITCH_TO_PYTORCH =
            "To train on the GPU, switch to the PyTorch engine at set-up (bin/setup --engine"
                    + " pytorch --pytorch-flavor cu128): DJL's PyTorch engine has the same API and"
                    + " its CUDA 12.8 build supports current NVIDIA GPUs; the notebooks run"
                    + " unchanged.";

    /** Engine-specific explanations of why the CPU is used, keyed by lower-case engine name. */
    private static final Map<String, Function<Probe, List<String>>> CPU_RULES =
            Map.of("mxnet", DeviceReport::whyCpuMxnet, "pytorch", DeviceReport::whyCpuPytorch);

    private final String engineName;
    private final String engineVersion;
    private final Device device;
    private final int engineGpuCount;
    private final List<Gpu> gpus;
    private final Optional<String> cudaRuntime;
    private final boolean cpuOnlyMxnetNative;
    private final Optional<String> pytorchNativeFlavor;
    private final boolean engineLoaded;
    private final List<String> reasons;

    private DeviceReport(Probe p, Device device, List<String> reasons) {
        this.engineName = p.engineName();
        this.engineVersion = p.engineVersion();
        this.device = device;
        this.engineGpuCount = Math.max(0, p.engineGpuCount());
        this.gpus = List.copyOf(p.gpus());
        this.cudaRuntime = p.cudaRuntimeVersion();
        this.cpuOnlyMxnetNative = p.cpuOnlyMxnetNative();
        this.pytorchNativeFlavor = p.pytorchNativeFlavor();
        this.engineLoaded = p.engineError().isEmpty() && p.engineName() != null;
        this.reasons = List.copyOf(reasons);
    }

    /**
     * The report for this process (loads the engine if needed; bounded in time, never throws).
     *
     * @return the report
     */
    public static DeviceReport current() {
        return decide(new SystemProbe());
    }

    /**
     * Decides the device and explains it; pure logic over the probe's facts.
     *
     * @param p the facts
     * @return the report
     */
    public static DeviceReport decide(Probe p) {
        Objects.requireNonNull(p, "probe");
        if (p.engineError().isPresent() || p.engineName() == null) {
            return new DeviceReport(
                    p,
                    Device.cpu(),
                    List.of(
                            "The deep-learning engine could not be loaded, so nothing can be"
                                    + " computed yet: "
                                    + p.engineError().orElse("no DJL engine was found on the"
                                            + " classpath")
                                    + ". Re-run the set-up (bin/setup), then"
                                    + " restart the kernel."));
        }
        String engine = p.engineName();
        if (p.engineGpuCount() > 0) {
            String which = p.gpus().isEmpty() ? "" : " (" + p.gpus().get(0) + ")";
            return new DeviceReport(
                    p,
                    Device.gpu(0),
                    List.of(
                            "The " + engine + " engine sees " + p.engineGpuCount() + " GPU"
                                    + (p.engineGpuCount() == 1 ? "" : "s")
                                    + ", so DJL computes on gpu(0)" + which + "."));
        }
        List<String> reasons = new ArrayList<>();
        if (p.gpus().isEmpty()) {
            reasons.add(
                    "No NVIDIA GPU was found on this machine (nvidia-smi is not installed or lists"
                            + " no GPU), so DJL computes on the CPU. That is expected on a laptop:"
                            + " the notebooks are sized for a 2-core CPU.");
            if (p.cudaRuntimeVersion().isPresent()) {
                reasons.add(
                        "A CUDA runtime (" + p.cudaRuntimeVersion().get() + ") is installed, but"
                                + " without a visible GPU it cannot be used.");
            }
        } else {
            Function<Probe, List<String>> rules =
                    CPU_RULES.get(engine.toLowerCase(Locale.ROOT));
            if (rules != null) {
                reasons.addAll(rules.apply(p));
            } else {
                reasons.add(
                        "This machine has " + describeGpus(p.gpus()) + ", but the " + engine
                                + " engine sees no GPU, so DJL computes on the CPU. Check that"
                                + " the engine's native library is a GPU build that supports"
                                + " this GPU.");
            }
        }
        return new DeviceReport(p, Device.cpu(), reasons);
    }

    private static String describeGpus(List<Gpu> gpus) {
        if (gpus.size() == 1) {
            return "a GPU, " + gpus.get(0);
        }
        StringBuilder sb = new StringBuilder(gpus.size() + " GPUs: ");
        for (int i = 0; i < gpus.size(); i++) {
            sb.append(i == 0 ? "" : "; ").append(gpus.get(i));
        }
        return sb.toString();
    }

    private static int cudaMajor(String version) {
        Matcher m = Pattern.compile("^(\\d+)").matcher(version.strip());
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** MXNet 1.9.1 facts: CPU-only jar, CUDA 11.x only, a fixed list of compute capabilities. */
    private static List<String> whyCpuMxnet(Probe p) {
        List<String> reasons = new ArrayList<>();
        Gpu first = p.gpus().get(0);
        reasons.add(
                "This machine has " + describeGpus(p.gpus()) + ", but MXNet computes on the CPU.");
        if (p.cpuOnlyMxnetNative()) {
            reasons.add(
                    "The MXNet native library on the classpath (mxnet-native-mkl) is a CPU-only"
                            + " build, and with it DJL uses the CPU even when a GPU exists. No"
                            + " MXNet GPU build is published on Maven Central.");
        }
        boolean blocked = p.cpuOnlyMxnetNative();
        Optional<String> cuda = p.cudaRuntimeVersion();
        if (cuda.isEmpty()) {
            reasons.add(
                    "No CUDA runtime library (libcudart) was found, and MXNet needs one to use a"
                            + " GPU.");
            blocked = true;
        } else if (cudaMajor(cuda.get()) != 11) {
            reasons.add(
                    "MXNet 1.9.1 GPU builds exist only for CUDA 11.x; this machine has CUDA "
                            + cuda.get() + ", so MXNet falls back to the CPU.");
            blocked = true;
        }
        String cc = first.computeCapability();
        if (!cc.isEmpty() && !MXNET_GPU_CAPABILITIES.contains(cc)) {
            reasons.add(
                    "The GPU " + first.name() + " has compute capability " + cc + "; MXNet 1.9.1"
                            + " GPU builds support only " + String.join(", ", MXNET_GPU_CAPABILITIES)
                            + ", so MXNet cannot use this GPU.");
            blocked = true;
        }
        if (!blocked) {
            reasons.add(
                    "The GPU looks usable by MXNet (CUDA " + cuda.get() + ", compute capability "
                            + (cc.isEmpty() ? "not reported" : cc) + "), yet the engine sees no"
                            + " GPU: DJL has to download the MXNet GPU build from its own server"
                            + " at first use, which needs internet once (or set"
                            + " MXNET_LIBRARY_PATH to a GPU build of libmxnet.so).");
        }
        reasons.add(SWITCH_TO_PYTORCH);
        return reasons;
    }

    /** PyTorch: no MXNet claims; a GPU it does not see usually means a CPU build of libtorch. */
    private static List<String> whyCpuPytorch(Probe p) {
        List<String> reasons = new ArrayList<>();
        reasons.add(
                "This machine has " + describeGpus(p.gpus()) + ", but the PyTorch engine sees no"
                        + " GPU, so DJL computes on the CPU.");
        String flavor = p.pytorchNativeFlavor().orElse("");
        if ("cpu".equals(flavor)) {
            reasons.add(
                    "The PyTorch native library in use is a CPU-only build (the pytorch-native-cpu"
                            + " jar the set-up puts on the classpath for offline use); with it DJL"
                            + " uses the CPU even when a GPU exists.");
            reasons.add(PYTORCH_GPU_SETUP);
        } else if (flavor.startsWith("cu")) {
            reasons.add(
                    "The PyTorch native library is a CUDA build (" + flavor + "), yet it found no"
                            + " usable GPU: the NVIDIA driver is probably too old for that CUDA"
                            + " version (nvidia-smi shows the newest CUDA version the driver"
                            + " supports) or the GPU is not visible to this process.");
        } else {
            if (p.cudaRuntimeVersion().isEmpty()) {
                reasons.add("No CUDA runtime library (libcudart) was found on this machine.");
            }
            reasons.add(
                    "The PyTorch native library in use is probably a CPU build (a"
                            + " pytorch-native-cpu jar on the classpath, or PYTORCH_FLAVOR=cpu), or"
                            + " the NVIDIA driver is too old for it.");
            reasons.add(PYTORCH_GPU_SETUP);
        }
        return reasons;
    }

    /**
     * The engine's name.
     *
     * @return e.g. "MXNet", or "none" if no engine loaded
     */
    public String engineName() {
        return engineName == null ? "none" : engineName;
    }

    /**
     * The engine's version.
     *
     * @return e.g. "1.9.1", or "" if no engine loaded
     */
    public String engineVersion() {
        return engineVersion == null ? "" : engineVersion;
    }

    /**
     * The engine and the device in one phrase, for a status line.
     *
     * @return e.g. "PyTorch 2.7.1 on cpu()", or "no engine loaded"
     */
    public String summary() {
        if (!engineLoaded) {
            return "no engine loaded";
        }
        return (engineName() + " " + engineVersion()).strip() + " on " + device;
    }

    /**
     * The device DJL computes on by default.
     *
     * @return {@code gpu(0)} or {@code cpu()}
     */
    public Device device() {
        return device;
    }

    /**
     * Whether the default device is a GPU.
     *
     * @return {@code true} for {@code gpu(0)}
     */
    public boolean isGpu() {
        return device.isGpu();
    }

    /**
     * Whether the engine loaded.
     *
     * @return {@code false} if nothing can be computed
     */
    public boolean engineLoaded() {
        return engineLoaded;
    }

    /**
     * Plain sentences explaining the device choice (and, for the CPU, what to do).
     *
     * @return at least one sentence
     */
    public List<String> reasons() {
        return reasons;
    }

    /**
     * The devices the engine can use, plus GPUs present but unused.
     *
     * @return e.g. "gpu(0), cpu()" or "cpu() (unused: NVIDIA L4 (compute capability 8.9))"
     */
    public String devices() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < engineGpuCount; i++) {
            sb.append("gpu(").append(i).append("), ");
        }
        sb.append("cpu()");
        if (engineGpuCount == 0 && !gpus.isEmpty()) {
            sb.append(" (unused: ");
            for (int i = 0; i < gpus.size(); i++) {
                sb.append(i == 0 ? "" : "; ").append(gpus.get(i));
            }
            sb.append(')');
        }
        return sb.toString();
    }

    private List<String[]> rows() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"Engine", (engineName() + " " + engineVersion()).strip()});
        rows.add(new String[] {"Device", engineLoaded ? device.toString() : "none (engine not loaded)"});
        rows.add(new String[] {"Devices", devices()});
        rows.add(
                new String[] {
                    "NVIDIA GPUs (nvidia-smi)", gpus.isEmpty() ? "none found" : describeGpus(gpus)
                });
        rows.add(new String[] {"CUDA runtime", cudaRuntime.orElse("not found")});
        // RESNET_SESSION_LIMITS: set by kernel-setup/kernel_launch.py at kernel start, from the session's cgroup.
        String session = Settings.given(System.getenv(), Settings.SESSION_LIMITS).orElse("limits not read (the kernel was not started by"
                + " the project's launcher: run bin/setup)");
        rows.add(new String[] {"This session", session + "; engine threads (OMP_NUM_THREADS): "
                + System.getenv().getOrDefault("OMP_NUM_THREADS", "not set")});
        if ("mxnet".equalsIgnoreCase(engineName())) {
            rows.add(
                    new String[] {
                        "MXNet native library",
                        cpuOnlyMxnetNative ? "CPU-only build (mxnet-native-mkl)" : "not the CPU-only jar"
                    });
        }
        if ("pytorch".equalsIgnoreCase(engineName())) {
            rows.add(new String[] {"PyTorch native library", describePytorchFlavor(pytorchNativeFlavor)});
        }
        return rows;
    }

    private static String describePytorchFlavor(Optional<String> flavor) {
        if (flavor.isEmpty()) {
            return "chosen by DJL at start-up";
        }
        String f = flavor.get();
        if ("cpu".equals(f)) {
            return "CPU-only build (pytorch-native-cpu)";
        }
        return f.startsWith("cu") ? "CUDA build (" + f + ")" : f;
    }

    /**
     * The report as lines of text.
     *
     * @return a few lines ending with the reasons
     */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        for (String[] row : rows()) {
            sb.append(row[0]).append(": ").append(row[1]).append('\n');
        }
        sb.append(device.isGpu() ? "Why the GPU:" : "Why the CPU:").append('\n');
        for (String r : reasons) {
            sb.append("- ").append(r).append('\n');
        }
        return sb.toString();
    }

    /**
     * The report as a small HTML table, for {@code Notebook.show(report.toHtml())}.
     *
     * @return an HTML fragment
     */
    public String toHtml() {
        StringBuilder sb = new StringBuilder("<table class=\"resnet-kit-device\">");
        for (String[] row : rows()) {
            sb.append("<tr><th style=\"text-align:left\">")
                    .append(Html.escape(row[0]))
                    .append("</th><td style=\"text-align:left\">")
                    .append(Html.escape(row[1]))
                    .append("</td></tr>");
        }
        sb.append("<tr><th style=\"text-align:left;vertical-align:top\">")
                .append(device.isGpu() ? "Why the GPU" : "Why the CPU")
                .append("</th><td style=\"text-align:left\"><ul>");
        for (String r : reasons) {
            sb.append("<li>").append(Html.escape(r)).append("</li>");
        }
        sb.append("</ul></td></tr></table>");
        return sb.toString();
    }

    @Override
    public String toString() {
        return toText();
    }
}
