package org.resnetnotebooks.kit;

import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How notebook 06 trains: the optimizer's settings, the learning-rate schedule, the loss and the
 * test-time view, as one value that the notebook, the checkpoints and {@link TimeToAccuracy} share.
 *
 * <p>Two recipes, both SGD with momentum 0.9, batch 128, random crops and flips:
 * <ul>
 *   <li>{@link #paper} — He et al. (2015, section 4.2) for CIFAR-10: learning rate 0.1, divided by
 *       10 at half and three quarters of the steps; weight decay 10⁻⁴; 15 epochs here.
 *   <li>{@link #fast} — fewer epochs, chosen by measurement on 2 cores
 *       (benchmarks/results/): a linear warm-up to a higher peak rate and a cosine down to 0
 *       ({@link WarmupCosine}), weight decay 5·10⁻⁴, label smoothing ε = 0.1
 *       ({@link LabelSmoothingLoss}), and each test image also classified flipped.
 * </ul>
 *
 * @param name "paper" or "fast"
 * @param epochs passes over the training set
 * @param batchSize images per SGD step
 * @param peakLr the highest learning rate (the paper recipe's starting rate)
 * @param warmupEpochs epochs of linear rise to the peak (fast recipe), 0 for none
 * @param stepDecay true: divide by 10 at 1/2 and 3/4 of the steps (paper); false: cosine to 0
 * @param weightDecay the L2 penalty's factor λ
 * @param labelSmoothing ε of {@link LabelSmoothingLoss}, 0 for plain cross-entropy
 * @param flipAtTest classify each test image and its mirror image and average the scores
 */
public record Recipe(String name, int epochs, int batchSize, float peakLr, int warmupEpochs, boolean stepDecay,
        float weightDecay, float labelSmoothing, boolean flipAtTest) {

    /** The recipes by name, as {@code RESNET_RECIPE} accepts them. */
    public static final List<String> NAMES = List.of("fast", "paper");

    /** Momentum of both recipes (He et al. 2015). */
    public static final float MOMENTUM = 0.9f;

    /** Checks the values; a recipe that cannot train is refused with what is wrong. */
    public Recipe {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("A recipe is one of " + NAMES + ", not \"" + name + "\".");
        }
        if (epochs < 1 || batchSize < 1 || !(peakLr > 0) || warmupEpochs < 0 || warmupEpochs >= Math.max(epochs, 1)
                || !(weightDecay >= 0) || !(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "Recipe \"%s\" cannot train with %d epochs (a warm-up of %d must be shorter), batch %d,"
                            + " peak rate %s, weight decay %s, label smoothing %s.",
                    name, epochs, warmupEpochs, batchSize, peakLr, weightDecay, labelSmoothing));
        }
    }

    /**
     * The paper's recipe (He et al. 2015, section 4.2), scaled to {@code epochs}.
     *
     * @param epochs passes over the data (notebook 06: 15)
     * @return the recipe
     */
    public static Recipe paper(int epochs) {
        return new Recipe("paper", epochs, 128, 0.1f, 0, true, 1e-4f, 0f, false);
    }

    /**
     * The fast recipe, scaled to {@code epochs}: one epoch of warm-up, then the cosine.
     *
     * @param epochs passes over the data (notebook 06: {@link #defaultEpochs}("fast"))
     * @return the recipe
     */
    public static Recipe fast(int epochs) {
        return new Recipe("fast", epochs, 128, 0.2f, epochs > 1 ? 1 : 0, false, 5e-4f, 0.1f, true);
    }

    /**
     * The recipe by name.
     *
     * @param name "fast" or "paper"
     * @param epochs passes over the data
     * @return the recipe
     * @throws IllegalArgumentException for another name
     */
    public static Recipe named(String name, int epochs) {
        return switch (name) {
            case "paper" -> paper(epochs);
            case "fast" -> fast(epochs);
            default -> throw new IllegalArgumentException("A recipe is one of " + NAMES + ", not \"" + name + "\".");
        };
    }

    /**
     * The length a full run of the recipe has in notebook 06.
     *
     * @param name "fast" or "paper"
     * @return 8 for the fast recipe, 15 for the paper's
     */
    public static int defaultEpochs(String name) {
        return name.equals("paper") ? 15 : 8;
    }

    /**
     * The learning rate, step by step (steps count from 1, as DJL's optimizers count).
     *
     * @param batchesPerEpoch SGD steps in one epoch
     * @return the schedule
     */
    public Tracker schedule(int batchesPerEpoch) {
        int total = batchesPerEpoch * epochs;
        if (stepDecay) {
            return Tracker.multiFactor().setSteps(new int[] {total / 2, total * 3 / 4})
                    .setBaseValue(peakLr).optFactor(0.1f).build();
        }
        return WarmupCosine.of(peakLr, total, batchesPerEpoch * warmupEpochs);
    }

    /** @return the loss to train with: cross-entropy, with label smoothing when ε &gt; 0 */
    public Loss loss() {
        return labelSmoothing > 0 ? new LabelSmoothingLoss(labelSmoothing) : Loss.softmaxCrossEntropyLoss();
    }

    /**
     * The optimizer: SGD with momentum 0.9 and this recipe's weight decay and schedule.
     *
     * @param batchesPerEpoch SGD steps in one epoch
     * @return a fresh optimizer (its state can be saved in a checkpoint)
     */
    public MomentumSgd optimizer(int batchesPerEpoch) {
        return MomentumSgd.builder().setLearningRateTracker(schedule(batchesPerEpoch)).optMomentum(MOMENTUM)
                .optWeightDecays(weightDecay).build();
    }

    /** @return the schedule in words */
    public String scheduleInWords() {
        return stepDecay
                ? String.format(Locale.ROOT, "%s, ÷10 after 1/2 and 3/4 of the steps", peakLr)
                : String.format(Locale.ROOT, "0 → %s over %d epoch%s, then a cosine to 0", peakLr, warmupEpochs,
                        warmupEpochs == 1 ? "" : "s");
    }

    /**
     * What makes a checkpoint this recipe's (stored with it and compared on resume).
     *
     * @return setting name → value, in a fixed order
     */
    public Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("recipe", name);
        m.put("epochs", epochs);
        m.put("batch size", batchSize);
        m.put("schedule", "lr " + scheduleInWords());
        m.put("weight decay", plain(weightDecay));
        m.put("label smoothing", labelSmoothing);
        m.put("test-time flip", flipAtTest);
        return m;
    }

    /** A float as people write it: 0.0005, not 5.0E-4. */
    private static String plain(float value) {
        return new java.math.BigDecimal(Float.toString(value)).stripTrailingZeros().toPlainString();
    }

    /** @return one line: the recipe's name and settings */
    public String describe() {
        return String.format(Locale.ROOT,
                "%s recipe: %d epochs, batch %d, SGD momentum %s, learning rate %s, weight decay %s, %s%s",
                name, epochs, batchSize, MOMENTUM, scheduleInWords(), plain(weightDecay),
                labelSmoothing > 0 ? "label smoothing " + plain(labelSmoothing) : "no label smoothing",
                flipAtTest ? ", test images also seen flipped" : "");
    }
}
