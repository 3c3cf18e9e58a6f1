package org.resnetnotebooks.kit;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.io.InputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Checks that everything the notebooks need works on this machine, offline, and says what to do
 * if not.
 *
 * <p>Why: the set-up runs it once ({@code java -cp <classpath> org.resnetnotebooks.kit.Doctor}) so
 * a broken installation is found before a learner opens a notebook, and so DJL unpacks its native
 * libraries into its cache ahead of time. It prints the Java version, the engine and its version,
 * the {@link DeviceReport} with a line {@code Engine in use: <engine> <version> on <device>}, and
 * runs a first computation (a 2x2 matrix product checked against the known answer). It runs on
 * whichever engine DJL picks (MXNet by default, PyTorch with {@code DJL_DEFAULT_ENGINE=PyTorch}).
 * When the engine cannot load it prints the whole cause chain (the real reason of native-library
 * loading errors is hidden several causes deep) and exits with a non-zero status.
 *
 * <p>Exit status: 0 all good; 1 the engine does not load; 2 the computation is wrong or fails; 3
 * plotly.js is missing from the kit jar.
 */
public final class Doctor {

    private static final float[] A = {1, 2, 3, 4};
    private static final float[] B = {5, 6, 7, 8};
    private static final float[] A_TIMES_B = {19, 22, 43, 50};

    private Doctor() {}

    /**
     * Runs the checks and exits with their status.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        if (System.getenv("OPT_OUT_TRACKING") == null && System.getProperty("OPT_OUT_TRACKING") == null) {
            System.setProperty("OPT_OUT_TRACKING", "true"); // no EC2 metadata probe from DJL
        }
        System.exit(run(System.out, Engine::getInstance));
    }

    /**
     * Runs the checks.
     *
     * @param out where to print
     * @param engineLoader loads the engine (tests pass a failing one)
     * @return the exit status (see the class comment)
     */
    static int run(PrintStream out, Supplier<Engine> engineLoader) {
        out.println("resnet-kit doctor");
        out.println(
                "Java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor")
                        + ") at " + System.getProperty("java.home"));
        out.println(
                "OS: " + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", "
                        + Runtime.getRuntime().availableProcessors() + " cores, max heap "
                        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB");
        out.println("Run mode: " + describeMode());

        long t0 = System.nanoTime();
        Engine engine;
        try {
            engine = engineLoader.get();
        } catch (Throwable t) { // engine loading fails with Errors (ExceptionInInitializerError)
            out.println("FAILED: the deep-learning engine does not load.");
            out.println(Errors.describe(t));
            out.flush();
            return 1;
        }
        out.println(
                "Engine loaded in " + millis(t0) + " ms: " + engine.getEngineName() + " "
                        + engine.getVersion() + " through DJL " + Engine.getDjlVersion());

        DeviceReport report = DeviceReport.current();
        out.print(report.toText());
        // One line the set-up quotes, e.g. "Engine in use: PyTorch 2.7.1 on cpu()".
        out.println("Engine in use: " + report.summary());

        long t1 = System.nanoTime();
        try (NDManager manager = engine.newBaseManager()) {
            NDArray a = manager.create(A, new Shape(2, 2));
            NDArray b = manager.create(B, new Shape(2, 2));
            float[] product = a.matMul(b).toFloatArray();
            if (!Arrays.equals(product, A_TIMES_B)) {
                out.println(
                        "FAILED: [[1,2],[3,4]] x [[5,6],[7,8]] gave " + Arrays.toString(product)
                                + ", expected " + Arrays.toString(A_TIMES_B) + ".");
                return 2;
            }
            out.println(
                    "First computation: [[1,2],[3,4]] x [[5,6],[7,8]] = [[19,22],[43,50]] OK on "
                            + manager.getDevice() + " (" + millis(t1) + " ms)");
        } catch (Throwable t) {
            out.println("FAILED: the first computation did not run.");
            out.println(Errors.describe(t));
            out.flush();
            return 2;
        }

        try (InputStream in = Doctor.class.getResourceAsStream(PlotlyLibrary.RESOURCE)) {
            if (in == null) {
                out.println(
                        "FAILED: plotly.js is missing from the kit jar; charts would not draw. Run"
                                + " bin/setup.");
                return 3;
            }
            out.println(
                    String.format(
                            Locale.ROOT,
                            "Charts: plotly.js is inside the kit (%.2f MB), no network needed",
                            in.readAllBytes().length / 1e6));
        } catch (Exception e) {
            out.println("FAILED: plotly.js cannot be read from the kit jar: " + e);
            return 3;
        }

        try {
            out.println("Data: Fashion-MNIST directory " + FashionMnist.dataDir());
        } catch (DataException e) {
            out.println("Data: " + e.getMessage()); // not fatal: data may be prepared later
        }
        out.println("All checks passed.");
        out.flush();
        return 0;
    }

    /**
     * Where this kernel loaded the kit from, in words, for notebook 00. Every checkout builds its
     * own kit into its {@code build/kit-repo}, and its kernels load it from there
     * (kernel-setup/kit_repo.py): a kit from anywhere else may be another checkout's build.
     *
     * @return e.g. "resnet-kit-0.1.0.jar from this checkout's build/kit-repo"
     */
    public static String kitSource() {
        CodeSource source = Doctor.class.getProtectionDomain().getCodeSource();
        try {
            Path here = Path.of("").toAbsolutePath();
            return source == null ? "unknown" : kitSource(Path.of(source.getLocation().toURI()), here);
        } catch (URISyntaxException | IllegalArgumentException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * {@link #kitSource()} for a given kit location, seen from a notebook's folder.
     *
     * @param kit the jar (or class folder) the kit classes come from
     * @param notebookDir the kernel's working folder, normally the checkout's notebooks/
     * @return the kit's origin in words
     */
    static String kitSource(Path kit, Path notebookDir) {
        Path repo = null;
        for (Path p = kit.getParent(); p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals("kit-repo")
                    && p.getParent() != null && p.getParent().getFileName().toString().equals("build")) {
                repo = p;
                break;
            }
        }
        if (repo == null) {
            return kit + " (not a checkout's build/kit-repo: another checkout's kit, or an old"
                    + " set-up; run bin/setup in this checkout and restart the kernel)";
        }
        Path checkout = repo.getParent().getParent();
        if (notebookDir.startsWith(checkout)) {
            return kit.getFileName() + " from this checkout's build/kit-repo";
        }
        return kit.getFileName() + " from the build/kit-repo of the checkout at " + checkout
                + ", not of the one this notebook is in (" + notebookDir + "): start Jupyter with"
                + " bin/lab from this notebook's checkout";
    }

    private static String describeMode() {
        try {
            return RunMode.current().toString();
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static long millis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
