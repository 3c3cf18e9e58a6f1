package org.resnetnotebooks.kit;

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
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The real facts of this machine and JVM that {@link DeviceReport#decide(DeviceReport.Probe)}
 * turns into a device and its reasons: the engine (loaded if needed), the CUDA runtime, the
 * GPUs {@code nvidia-smi} lists, and which native library DJL will load.
 *
 * <p>Why a class of its own: the decision is pure logic, tested with faked probes; this is the
 * part that touches the machine (processes, native libraries, the classpath). Every call is
 * bounded in time (process calls 10 s, the engine's first load 5 min) and failures become "not
 * found", never exceptions, so the device report always appears.
 */
public final class SystemProbe implements DeviceReport.Probe {

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
    public List<DeviceReport.Gpu> gpus() {
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
    static List<DeviceReport.Gpu> parseGpus(String text) {
        List<DeviceReport.Gpu> gpus = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String s = line.strip();
            if (s.isEmpty()) {
                continue;
            }
            int comma = s.lastIndexOf(',');
            String last = comma < 0 ? "" : s.substring(comma + 1).strip();
            if (comma >= 0 && CAPABILITY.matcher(last).matches()) {
                gpus.add(new DeviceReport.Gpu(s.substring(0, comma).strip(), last));
            } else if (comma < 0) {
                gpus.add(new DeviceReport.Gpu(s, ""));
            } else {
                gpus.add(new DeviceReport.Gpu(s.substring(0, comma).strip(), ""));
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
