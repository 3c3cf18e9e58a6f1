package org.resnetnotebooks.kit;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * Turns an exception into a message a learner can act on, with its full cause chain.
 *
 * <p>Why: the Java kernels show only the outermost exception's class and message; cause chains
 * are dropped. DJL's most common failures hide their reason in a cause: a missing MXNet native
 * library shows up as {@code RuntimeException: java.lang.ExceptionInInitializerError, null}
 * while the cause chain says "Offline mode is enabled". {@link #describe(Throwable)} puts a
 * plain-language hint first (for the failures we can foresee) and then every cause, one per line.
 * {@link #call(Callable)} and {@link #run(Step)} wrap a notebook step so that, if it fails, the
 * exception the kernel shows already carries that text.
 */
public final class Errors {

    /** A piece of notebook code that may throw anything. */
    @FunctionalInterface
    public interface Step {
        /**
         * Runs the step.
         *
         * @throws Exception anything
         */
        void run() throws Exception;
    }

    /** The exception {@link #call} and {@link #run} throw; its message is the full description. */
    public static final class Explained extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Explained(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private Errors() {}

    /**
     * The cause chain, outermost first, one "Class: message" per line.
     *
     * @param t the exception
     * @return the chain as text (cycles are cut)
     */
    public static String chain(Throwable t) {
        StringBuilder sb = new StringBuilder();
        int depth = 0;
        for (Throwable c : causes(t)) {
            if (depth > 0) {
                sb.append('\n').append("  ".repeat(Math.min(depth, 8))).append("caused by ");
            }
            sb.append(c.getClass().getName());
            if (c.getMessage() != null) {
                sb.append(": ").append(c.getMessage());
            }
            depth++;
        }
        return sb.toString();
    }

    /**
     * The exception and all its causes, outermost first.
     *
     * @param t the exception
     * @return the list (each exception once, even if the chain has a cycle)
     */
    public static List<Throwable> causes(Throwable t) {
        List<Throwable> list = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
            list.add(c);
        }
        return list;
    }

    /**
     * A hint for the failures the notebooks can foresee.
     *
     * @param t the exception
     * @return a plain sentence with what to do, or {@code null} if nothing specific is known
     */
    public static String hint(Throwable t) {
        List<Throwable> all = causes(t);
        String text = chain(t);
        String lower = text.toLowerCase(Locale.ROOT);
        for (Throwable c : all) {
            if (c instanceof DataException) {
                return c.getMessage();
            }
        }
        for (Throwable c : all) {
            if (c instanceof InterruptedException
                    || c.getClass().getSimpleName().contains("Interrupted")) {
                return "The computation was stopped (interrupted). Re-run the cell to start it"
                        + " again.";
            }
        }
        for (Throwable c : all) {
            if (c instanceof OutOfMemoryError) {
                return "Java ran out of memory. Use a smaller batch size or fewer images (fast"
                        + " mode), or give the kernel more heap: start Jupyter with RESNET_HEAP=4g"
                        + " (e.g. RESNET_HEAP=4g bin/lab; kernel-setup/kernel_launch.py applies it)"
                        + " and restart the kernel.";
            }
        }
        if (lower.contains("unknown default engine")) {
            return "The kernel asks DJL for an engine (DJL_DEFAULT_ENGINE) whose jars are not on"
                    + " the classpath. For PyTorch, run the set-up with --engine pytorch (it"
                    + " resolves the PyTorch jars and configures the kernel), then restart the"
                    + " kernel.";
        }
        boolean offline = lower.contains("offline mode") || lower.contains("failed to download");
        if (lower.contains("pytorch") && offline) {
            return "The PyTorch native library is not on the classpath (or PYTORCH_VERSION asks"
                    + " for another version), so DJL tried to download it and could not"
                    + " (offline). Run the set-up with --engine pytorch: it puts"
                    + " ai.djl.pytorch:pytorch-native-cpu:2.7.1 (with this platform's classifier,"
                    + " e.g. linux-x86_64 or osx-aarch64) on the"
                    + " kernel's classpath, or, with --pytorch-flavor cu128, downloads the CUDA"
                    + " build once while online. Then restart the kernel.";
        }
        if (lower.contains("mxnet") && offline) {
            return "The MXNet native library is not on the classpath, so DJL tried to download it"
                    + " and could not (offline). The dependency"
                    + " ai.djl.mxnet:mxnet-native-mkl:1.9.1 needs this platform's classifier"
                    + " (linux-x86_64, osx-x86_64 or win-x86_64; there is none for ARM, where"
                    + " bin/setup runs DJL's PyTorch engine instead)."
                    + " Re-run the set-up cell (it loads it), or bin/setup.";
        }
        for (Throwable c : all) {
            if (c instanceof UnsatisfiedLinkError) {
                return "A native library could not be loaded: " + c.getMessage()
                        + ". The engine's native files may be incomplete; delete the DJL cache"
                        + " (~/.djl.ai) and re-run the set-up.";
            }
        }
        for (Throwable c : all) {
            if (c instanceof NoSuchMethodError && String.valueOf(c.getMessage()).contains("ai.djl")) {
                return "Two different DJL versions are on the classpath. Every DJL artifact must"
                        + " have the same version (0.36.0); restart the kernel and run the set-up"
                        + " cell only.";
            }
        }
        if (lower.contains("use_cuda")) {
            return "This MXNet build has no GPU support; compute on the CPU (Device.cpu()) or"
                    + " switch to the PyTorch engine at set-up.";
        }
        if (lower.contains("no deep learning engine found") || lower.contains("no engine found")) {
            return "No DJL engine is on the classpath. Run the set-up cell first.";
        }
        if (lower.contains("failed to allocate cpu memory") || lower.contains("bad_alloc")
                || lower.contains("cannot allocate memory")) {
            return "The engine ran out of native memory (memory outside the Java heap, which"
                    + " RESNET_HEAP does not change). Restart the kernel and run the notebook from the"
                    + " top (arrays of earlier cells stay alive until their NDManager closes), use a"
                    + " smaller batch, and keep each step in its own NDManager scope (notebook 01). A"
                    + " hosted session has about 2 GB in all.";
        }
        if (lower.contains("2^31") || lower.contains("use_int64_tensor_size")) {
            return "An array would have more than 2^31 elements, the largest this MXNet build"
                    + " handles. Split the work into smaller pieces: fewer images per batch or per"
                    + " call.";
        }
        if (lower.contains("shape inconsistent") || lower.contains("incompatible attr")
                || (lower.contains("check failed") && lower.contains("shape"))
                || (lower.contains("expected input") && lower.contains("channels"))   // PyTorch
                || lower.contains("shapes cannot be multiplied") || lower.contains("size mismatch")) {
            return "Two shapes do not fit: a layer got an input of another shape than the one it"
                    + " was built for (the engine's words below give both). For a convolutional net the"
                    + " input is (batch, channels, height, width): check the channels and the image"
                    + " size against the shape the net was initialised with.";
        }
        return null;
    }

    /**
     * The friendly description: the hint (if any) or the innermost message first, then the whole
     * cause chain.
     *
     * @param t the exception
     * @return text for the learner
     */
    public static String describe(Throwable t) {
        List<Throwable> all = causes(t);
        Throwable root = all.get(all.size() - 1);
        String hint = hint(t);
        StringBuilder sb = new StringBuilder();
        if (hint != null) {
            sb.append(hint);
        } else {
            sb.append("Something went wrong: ")
                    .append(root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName())
                    .append('.');
        }
        sb.append("\nWhat happened, outermost first:\n").append(chain(t));
        return sb.toString();
    }

    /**
     * Prints {@link #describe(Throwable)} to standard output (the kernel shows whole lines).
     *
     * @param t the exception
     */
    public static void print(Throwable t) {
        System.out.println(describe(t));
        System.out.flush();
    }

    /**
     * Runs a step; if it fails, throws an {@link Explained} exception whose message is the full
     * description, so the kernel's short error shows the cause chain too.
     *
     * @param step the step
     * @param <T> the result type
     * @return the step's result
     * @throws Explained if the step throws
     */
    public static <T> T call(Callable<T> step) {
        try {
            return step.call();
        } catch (Explained e) {
            throw e;
        } catch (Exception | Error e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new Explained(describe(e), e);
        }
    }

    /**
     * Runs a step without result; see {@link #call(Callable)}.
     *
     * @param step the step
     * @throws Explained if the step throws
     */
    public static void run(Step step) {
        call(
                () -> {
                    step.run();
                    return null;
                });
    }
}
