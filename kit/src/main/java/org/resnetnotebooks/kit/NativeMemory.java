package org.resnetnotebooks.kit;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Gives freed native memory back to the operating system.
 *
 * <p>Why: the engine's arrays live in native memory, allocated with the C library's {@code
 * malloc}. When a training epoch or an evaluation ends, its arrays are freed, but glibc keeps the
 * freed pages for later and the kernel's resident memory stays at its highest point. Measured in
 * notebook 02 (ResNet-20, Fashion-MNIST): after a training epoch the kernel stayed at 1.33 GB
 * resident, and {@code malloc_trim(0)} brought it to 0.80 GB; after an evaluation, 1.05 GB to
 * 0.82 GB. In a hosted session (2 GB for everything) that difference is room for the next cell.
 *
 * <p>The kit calls {@link #release()} at the end of its heavy steps ({@link Training}, {@link
 * BlockProbe}). It is a no-op where there is no glibc (macOS, Windows) and never fails: it only
 * gives back memory nobody uses, so the numbers a notebook computes cannot change.
 */
public final class NativeMemory {

    private static final Function TRIM = find();

    private NativeMemory() {}

    private static Function find() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            return NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null; // a C library without malloc_trim (e.g. musl): nothing to do
        }
    }

    /**
     * Returns the free pages of every malloc arena to the operating system.
     *
     * @return true if memory was given back (glibc's answer), false if none or not supported
     */
    public static boolean release() {
        if (TRIM == null) {
            return false;
        }
        try {
            return TRIM.invokeInt(new Object[] {0}) == 1;
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return false;
        }
    }

    /** @return true where {@link #release()} can act (Linux with glibc) */
    public static boolean supported() {
        return TRIM != null;
    }
}
