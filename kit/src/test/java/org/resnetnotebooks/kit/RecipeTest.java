package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.loss.SoftmaxCrossEntropyLoss;
import ai.djl.training.tracker.Tracker;

import org.junit.jupiter.api.Test;

class RecipeTest {

    private static final int BATCHES = 469;   // Fashion-MNIST's 60,000 images in batches of 128

    @Test
    void thePapersRecipeDividesTheRateBy10AtHalfAndThreeQuartersOfTheSteps() {
        Recipe paper = Recipe.paper(15);
        Tracker lr = paper.schedule(BATCHES);
        int total = 15 * BATCHES;
        assertEquals(0.1f, lr.getNewValue(1), 1e-7);
        assertEquals(0.1f, lr.getNewValue(total / 2), 1e-7);
        assertEquals(0.01f, lr.getNewValue(total / 2 + 1), 1e-7);
        assertEquals(0.01f, lr.getNewValue(total * 3 / 4), 1e-7);
        assertEquals(0.001f, lr.getNewValue(total * 3 / 4 + 1), 1e-8);
        assertEquals(0.001f, lr.getNewValue(total), 1e-8);
        assertEquals(1e-4f, paper.weightDecay());
        assertInstanceOf(SoftmaxCrossEntropyLoss.class, paper.loss());
        assertFalse(paper.flipAtTest());
    }

    @Test
    void theFastRecipeWarmsUpForOneEpochThenFollowsACosineToZero() {
        Recipe fast = Recipe.fast(8);
        Tracker lr = fast.schedule(BATCHES);
        assertEquals(0.2f / BATCHES, lr.getNewValue(1), 1e-7);
        assertEquals(0.2f, lr.getNewValue(BATCHES), 1e-7);
        assertEquals(0.1f, lr.getNewValue(BATCHES + (7 * BATCHES) / 2), 1e-4);
        assertEquals(0f, lr.getNewValue(8 * BATCHES), 1e-7);
        assertEquals(new WarmupCosine(0.2f, 8 * BATCHES, BATCHES), lr);
        assertInstanceOf(LabelSmoothingLoss.class, fast.loss());
        assertEquals(0.1f, ((LabelSmoothingLoss) fast.loss()).epsilon());
        assertTrue(fast.flipAtTest());
    }

    @Test
    void aOneEpochFastRunHasNoWarmUp() {
        assertEquals(0, Recipe.fast(1).warmupEpochs());
        assertEquals(0.2f, Recipe.fast(1).schedule(BATCHES).getNewValue(1), 1e-7);
    }

    @Test
    void isFoundByNameWithItsDefaultLength() {
        assertEquals(Recipe.fast(8), Recipe.named("fast", Recipe.defaultEpochs("fast")));
        assertEquals(Recipe.paper(15), Recipe.named("paper", Recipe.defaultEpochs("paper")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.named("quick", 8));
        assertTrue(e.getMessage().contains("[fast, paper]"), e.getMessage());
    }

    @Test
    void refusesSettingsThatCannotTrain() {
        assertThrows(IllegalArgumentException.class, () -> new Recipe("fast", 3, 128, 0.2f, 3, false, 5e-4f, 0.1f, true));
        assertThrows(IllegalArgumentException.class, () -> new Recipe("fast", 8, 128, 0f, 1, false, 5e-4f, 0.1f, true));
        assertThrows(IllegalArgumentException.class, () -> new Recipe("paper", 0, 128, 0.1f, 0, true, 1e-4f, 0f, false));
        assertThrows(IllegalArgumentException.class, () -> new Recipe("fast", 8, 128, 0.2f, 1, false, 5e-4f, 1f, true));
    }

    @Test
    void itsSettingsTellTwoRecipesApart() {
        assertEquals("fast", Recipe.fast(8).settings().get("recipe"));
        assertFalse(Recipe.fast(8).settings().equals(Recipe.paper(8).settings()));
        assertFalse(Recipe.fast(8).settings().equals(Recipe.fast(9).settings()));
        assertTrue(Recipe.paper(15).describe().contains("÷10 after 1/2 and 3/4"), Recipe.paper(15).describe());
    }
}
