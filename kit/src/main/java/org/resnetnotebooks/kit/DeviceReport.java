package org.resnetnotebooks.kit;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.cuda.CudaUtils;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
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
        // Set by kernel-setup/kernel_launch.py at kernel start, from the session's cgroup.
        String session = Settings.sessionLimits().orElse("limits not read (the kernel was not started by"
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

    /**
     * The real facts of this machine and JVM. Every call is bounded in time (process calls 10 s,
     * the engine's first load 5 min) and failures become "not found", never exceptions.
     */
    public static final class SystemProbe implements Probe {

        private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(10);
        private static final Duration ENGINE_TIMEOUT = Duration.ofMinutes(5);
        private static final Pattern CAPABILITY = Pattern.compile("\\d+\\.\\d+");

        private final String engineName;
        private final String engineVersion;
        private final String engineError;
        private final int engineGpuCount;

        /** Gathers the engine facts (loads the engine if it is not loaded yet). */
        public SystemProbe() {
            String[] result =
                    bounded(
                            ENGINE_TIMEOUT,
                            () -> {
                                try {
                                    Engine engine = Engine.getInstance();
                                    return new String[] {
                                        engine.getEngineName(),
                                        engine.getVersion(),
                                        null,
                                        String.valueOf(engine.getGpuCount())
                                    };
                                } catch (Throwable t) { // the engine's loading errors are Errors
                                    return new String[] {null, null, Errors.chain(t), "0"};
                                }
                            },
                            new String[] {
                                null, null, "the engine did not finish loading within 5 minutes", "0"
                            });
            engineName = result[0];
            engineVersion = result[1];
            engineError = result[2];
            engineGpuCount = Integer.parseInt(result[3]);
        }

        @Override
        public String engineName() {
            return engineName;
        }

        @Override
        public String engineVersion() {
            return engineVersion;
        }

        @Override
        public Optional<String> engineError() {
            return Optional.ofNullable(engineError);
        }

        @Override
        public int engineGpuCount() {
            return engineGpuCount;
        }

        @Override
        public Optional<String> cudaRuntimeVersion() {
            return bounded(
                    PROCESS_TIMEOUT,
                    () -> {
                        try {
                            int v = CudaUtils.getCudaVersion(); // e.g. 11020 for 11.2
                            return Optional.of(v / 1000 + "." + (v % 1000) / 10);
                        } catch (Throwable t) { // no libcudart: IllegalStateException or link errors
                            return Optional.<String>empty();
                        }
                    },
                    Optional.empty());
        }

        @Override
        public List<Gpu> gpus() {
            Optional<String> out =
                    run(
                            PROCESS_TIMEOUT,
                            "nvidia-smi",
                            "--query-gpu=name,compute_cap",
                            "--format=csv,noheader");
            if (out.isEmpty()) { // drivers older than 510 do not know compute_cap
                out = run(PROCESS_TIMEOUT, "nvidia-smi", "--query-gpu=name", "--format=csv,noheader");
            }
            return out.map(SystemProbe::parseGpus).orElse(List.of());
        }

        /**
         * Parses {@code nvidia-smi --query-gpu=name,compute_cap --format=csv,noheader} output.
         *
         * @param text lines like "NVIDIA L4, 8.9"
         * @return the GPUs
         */
        static List<Gpu> parseGpus(String text) {
            List<Gpu> gpus = new ArrayList<>();
            for (String line : text.split("\\R")) {
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                int comma = s.lastIndexOf(',');
                String last = comma < 0 ? "" : s.substring(comma + 1).strip();
                if (comma >= 0 && CAPABILITY.matcher(last).matches()) {
                    gpus.add(new Gpu(s.substring(0, comma).strip(), last));
                } else if (comma < 0) {
                    gpus.add(new Gpu(s, ""));
                } else {
                    gpus.add(new Gpu(s.substring(0, comma).strip(), ""));
                }
            }
            return gpus;
        }

        @Override
        public boolean cpuOnlyMxnetNative() {
            String override = System.getenv("MXNET_LIBRARY_PATH");
            if (override != null && !override.isBlank()) {
                return false; // DJL loads that library instead of the jar's
            }
            for (Properties prop : mxnetNativeProperties()) {
                if (isCpuOnlyBuild(prop)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Whether {@code native/lib/mxnet.properties} (the marker DJL itself reads) describes a
         * real (not placeholder) CPU build: its {@code classifier} starts with the flavour, which
         * is {@code mkl} or {@code cpu} for CPU builds and {@code cu...} for GPU builds.
         *
         * @param prop the properties
         * @return {@code true} for a CPU-only native jar
         */
        static boolean isCpuOnlyBuild(Properties prop) {
            if (prop.getProperty("placeholder") != null) {
                return false;
            }
            String flavor = prop.getProperty("flavor");
            if (flavor == null) {
                String classifier = prop.getProperty("classifier", "");
                int dash = classifier.indexOf('-');
                flavor = dash < 0 ? classifier : classifier.substring(0, dash);
            }
            flavor = flavor.toLowerCase(Locale.ROOT);
            return "mkl".equals(flavor) || flavor.startsWith("cpu");
        }

        @Override
        public Optional<String> pytorchNativeFlavor() {
            String override = System.getenv("PYTORCH_LIBRARY_PATH");
            if (override != null && !override.isBlank()) {
                return Optional.empty(); // a libtorch of the user's: its flavour is not recorded
            }
            for (Properties prop : nativeProperties("native/lib/pytorch.properties")) {
                Optional<String> flavor = bundledFlavor(prop);
                if (flavor.isPresent()) {
                    return flavor; // DJL loads the jar's build and ignores PYTORCH_FLAVOR
                }
            }
            String flavor = System.getenv("PYTORCH_FLAVOR");
            if (flavor == null || flavor.isBlank()) {
                flavor = System.getProperty("PYTORCH_FLAVOR");
            }
            return flavor == null || flavor.isBlank()
                    ? Optional.empty()
                    : Optional.of(flavor.strip().toLowerCase(Locale.ROOT));
        }

        /**
         * The flavour a real (not placeholder) PyTorch native jar declares in {@code
         * native/lib/pytorch.properties}, e.g. {@code flavor=cpu}.
         *
         * @param prop the properties
         * @return the flavour, empty for a placeholder or an unreadable marker
         */
        static Optional<String> bundledFlavor(Properties prop) {
            if (prop.getProperty("placeholder") != null) {
                return Optional.empty();
            }
            String flavor = prop.getProperty("flavor", "").strip().toLowerCase(Locale.ROOT);
            return flavor.isEmpty() ? Optional.empty() : Optional.of(flavor);
        }

        private static List<Properties> mxnetNativeProperties() {
            return nativeProperties("native/lib/mxnet.properties");
        }

        private static List<Properties> nativeProperties(String resource) {
            Set<ClassLoader> loaders = new LinkedHashSet<>();
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                loaders.add(context);
            }
            loaders.add(DeviceReport.class.getClassLoader());
            Set<String> seen = new LinkedHashSet<>();
            List<Properties> result = new ArrayList<>();
            for (ClassLoader loader : loaders) {
                try {
                    Enumeration<URL> urls = loader.getResources(resource);
                    while (urls.hasMoreElements()) {
                        URL url = urls.nextElement();
                        if (!seen.add(url.toString())) {
                            continue;
                        }
                        Properties prop = new Properties();
                        try (InputStream in = url.openStream()) {
                            prop.load(in);
                        }
                        result.add(prop);
                    }
                } catch (IOException | RuntimeException e) {
                    // unreadable marker: treat as absent
                }
            }
            return result;
        }

        /**
         * Runs a command with a time limit; its output goes to a temporary file so a chatty tool
         * can never block on a full pipe.
         *
         * @param timeout the limit
         * @param command the command and its arguments
         * @return the output if the command finished in time with exit code 0
         */
        static Optional<String> run(Duration timeout, String... command) {
            Path out = null;
            Process process = null;
            try {
                out = Files.createTempFile("resnet-kit-probe", ".txt");
                process =
                        new ProcessBuilder(command)
                                .redirectErrorStream(true)
                                .redirectOutput(out.toFile())
                                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                                .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return Optional.empty();
                }
                if (process.exitValue() != 0) {
                    return Optional.empty();
                }
                return Optional.of(Files.readString(out, StandardCharsets.UTF_8));
            } catch (IOException e) { // tool not installed
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            } finally {
                if (process != null && process.isAlive()) {
                    process.destroyForcibly();
                }
                if (out != null) {
                    try {
                        Files.deleteIfExists(out);
                    } catch (IOException ignored) {
                        // a leftover temp file is harmless
                    }
                }
            }
        }

        private static java.io.File nullDevice() {
            return new java.io.File(
                    System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
        }

        /**
         * Runs a task on a daemon thread and gives up after the timeout.
         *
         * @param timeout the limit
         * @param task the task
         * @param fallback the result when it takes too long or fails
         * @param <T> the result type
         * @return the task's result or the fallback
         */
        static <T> T bounded(Duration timeout, Supplier<T> task, T fallback) {
            FutureTask<T> future = new FutureTask<>(task::get);
            Thread thread = new Thread(future, "resnet-kit-probe");
            thread.setDaemon(true);
            thread.setContextClassLoader(Thread.currentThread().getContextClassLoader());
            thread.start();
            try {
                return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException e) {
                return fallback;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fallback;
            }
        }
    }
}
