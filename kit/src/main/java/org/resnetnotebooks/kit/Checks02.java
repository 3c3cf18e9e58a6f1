package org.resnetnotebooks.kit;

import ai.djl.ndarray.types.Shape;

import java.util.Locale;

/**
 * The check cells of notebook 02's exercises 02.2 and 02.3, kept in the kit so that the answers
 * stay out of the learner's sight; the reference solutions are in
 * {@code instructor/solutions/02-the-residual-block.jsh}.
 */
public final class Checks02 {

    private static final Shape WANTED = new Shape(2, 64, 7, 7);
    private static final long WANTED_PARAMETERS = 32 * 64 + 2 * 64;

    private Checks02() {}

    /**
     * Exercise 02.2: the learner's option-B shortcut for 32 → 64 channels with stride 2.
     *
     * @param answered whether the learner assigned a block
     * @param output its output shape for a (2, 32, 14, 14) input, or null if running it failed
     * @param trainableParameters its trainable parameters
     * @param fitsTheBlock whether the whole residual block with it produced (2, 64, 7, 7)
     * @param failure what went wrong while running it, or null
     */
    public static void projection(boolean answered, Shape output, long trainableParameters, boolean fitsTheBlock,
            String failure) {
        boolean right = failure == null && WANTED.equals(output) && trainableParameters == WANTED_PARAMETERS && fitsTheBlock;
        String detail = failure != null ? "Running your block failed: " + failure + "."
                : String.format(Locale.ROOT, "Your shortcut maps (2, 32, 14, 14) to %s and has %,d trainable parameters.",
                        output, trainableParameters);
        String hint;
        if (failure != null || output == null) {
            hint = "Build it as a SequentialBlock of two layers, like the branch in section 1.";
        } else if (!WANTED.equals(output)) {
            hint = "The shortcut must produce what the branch produces, (2, 64, 7, 7): check the number of filters"
                    + " and the stride.";
        } else if (trainableParameters > WANTED_PARAMETERS) {
            hint = "The shape is right but there are too many parameters: look at the kernel size, and whether the"
                    + " convolution has a bias (the batch norm after it makes one useless).";
        } else {
            hint = "The shape is right but there are too few parameters: the paper's projection is followed by"
                    + " batch norm.";
        }
        Exercises.check("02.2", answered, right,
                detail + " That is 32 · 64 = 2,048 weights of the 1×1 convolution plus 2 · 64 = 128 for BN's γ and β.",
                detail + " " + hint);
    }

    /**
     * Exercise 02.3, an experiment: one block's residual branch switched off in the trained net.
     *
     * @param removedBlock the block whose branch the learner switched off (0: none yet)
     * @param typed the test accuracy (%) the learner read off the run
     * @param measuredPct the test accuracy (%) with that branch off ({@code NaN} if not run)
     * @param fullPct the trained net's test accuracy (%) with every branch on
     * @param blocks the number of blocks
     * @param perStage blocks per stage (the first block of each later stage downsamples)
     */
    public static void removedBranch(int removedBlock, double typed, double measuredPct, double fullPct,
            int blocks, int perStage) {
        boolean valid = removedBlock >= 1 && removedBlock <= blocks;
        String what = "";
        if (valid && !Double.isNaN(measuredPct)) {
            double cost = fullPct - measuredPct;
            boolean downsamples = removedBlock > perStage && (removedBlock - 1) % perStage == 0;
            what = String.format(Locale.ROOT,
                    "Without block %d's residual branch the net scores %.1f %% instead of %.1f %%: %s. "
                            + "Block %d %s. Veit et al. (2016) switched off single blocks of trained ResNets and found most"
                            + " of them cost little, the downsampling ones more, while a plain net breaks when any layer"
                            + " is removed: there every layer's output is the only path. Try another block, and compare.",
                    removedBlock, measuredPct, fullPct,
                    cost < 1 ? "almost nothing lost" : String.format(Locale.ROOT, "%.1f points lost", cost),
                    removedBlock, downsamples ? "is the first of its stage: it halves the image and its shortcut pads"
                            + " zeros, so its branch is the only path for half of its output channels"
                            : "keeps the shape: its shortcut still carries the whole signal");
        }
        Exercises.experiment("02.3", valid, typed, measuredPct, 0.1,
                "set removedBlock to a block number from 1 to " + blocks + " and run the cell.", what);
    }
}
