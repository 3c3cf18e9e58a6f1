package org.resnetnotebooks.kit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Full run or fast run, chosen by the environment variable {@value #ENV}.
 *
 * <p>Why: the same notebook must teach with real numbers (full mode, minutes of training) and be
 * executed end to end by the test harness in seconds (fast mode). Notebooks are not
 * parameterised any other way (papermill has no Java translator), so the mode comes from the
 * environment, as in d2l-java. A notebook writes {@code int epochs = mode.pick(10, 1);} and the
 * prose says which numbers belong to which mode via {@link #describe()}.
 *
 * <p>Valid values: {@code fast}; {@code full} or {@code default} (or unset/blank) for the full
 * run. Case and surrounding spaces are ignored. Anything else is a typo that would silently run
 * the wrong mode, so it fails with an {@link IllegalArgumentException} listing the valid values.
 */
public final class RunMode {

    /** The environment variable that selects the mode ({@link Settings#MODE}). */
    public static final String ENV = Settings.MODE;

    /** The values {@value #ENV} accepts ({@link Settings#MODES}). */
    public static final List<String> VALID_VALUES = Settings.MODES;

    /** The environment variable that overrides a notebook's random seed ({@link Settings#SEED}). */
    public static final String SEED_ENV = Settings.SEED;

    private final boolean fast;
    private final OptionalLong seedOverride;

    /**
     * Reads the mode from a given environment (tests pass a map).
     *
     * @param env the environment variables
     * @throws IllegalArgumentException if {@value #ENV} or {@value #SEED_ENV} holds a value
     *     {@link Settings} refuses
     */
    RunMode(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        seedOverride = Settings.seed(env);
        fast = Settings.fastMode(env);
    }

    /**
     * The mode of this process, from {@link System#getenv()}.
     *
     * @return the current run mode
     * @throws IllegalArgumentException if {@value #ENV} holds an unknown value
     */
    public static RunMode current() {
        return new RunMode(System.getenv());
    }

    /**
     * Tells whether this is the fast (test) run.
     *
     * @return {@code true} when {@value #ENV} is {@code fast}
     */
    public boolean isFast() {
        return fast;
    }

    /**
     * Picks the value for this mode.
     *
     * @param defaultValue the value for the full run
     * @param fastValue the value for the fast run
     * @param <T> the type of the values
     * @return {@code fastValue} in fast mode, {@code defaultValue} otherwise
     */
    public <T> T pick(T defaultValue, T fastValue) {
        return fast ? fastValue : defaultValue;
    }

    /**
     * The random seed a notebook uses: its own default, unless {@value #SEED_ENV} overrides it
     * (the maintainers re-run notebooks with several seeds to measure the spread of results).
     *
     * @param defaultSeed the notebook's seed
     * @return the seed to use
     */
    public long seed(long defaultSeed) {
        return seedOverride.orElse(defaultSeed);
    }

    /**
     * A sentence for the notebook that says which mode runs and how to change it.
     *
     * @return a short description
     */
    public String describe() {
        if (fast) {
            return "Fast mode (" + ENV + "=fast): small data and few epochs, so the notebook runs"
                    + " in a short time; numbers are rough. Unset " + ENV + " for the full run.";
        }
        return "Full mode: the sizes the text talks about. Set " + ENV + "=fast for a quick"
                + " check run with small data and few epochs.";
    }

    @Override
    public String toString() {
        return fast ? "fast" : "full";
    }
}
