package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RunModeTest {

    @Test
    void absentOrBlankMeansFullMode() {
        assertFalse(new RunMode(Map.of()).isFast());
        assertFalse(new RunMode(Map.of(RunMode.ENV, "  ")).isFast());
    }

    @Test
    void fastIsRecognisedIgnoringCaseAndSpaces() {
        assertTrue(new RunMode(Map.of(RunMode.ENV, "fast")).isFast());
        assertTrue(new RunMode(Map.of(RunMode.ENV, " FAST ")).isFast());
    }

    @Test
    void fullAndDefaultAreFullMode() {
        assertFalse(new RunMode(Map.of(RunMode.ENV, "full")).isFast());
        assertFalse(new RunMode(Map.of(RunMode.ENV, "Default")).isFast());
    }

    @Test
    void unknownValueFailsWithTheValidValues() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> new RunMode(Map.of(RunMode.ENV, "quick")));
        assertTrue(e.getMessage().contains("'quick'"), e.getMessage());
        for (String valid : RunMode.VALID_VALUES) {
            assertTrue(e.getMessage().contains(valid), e.getMessage());
        }
        assertTrue(e.getMessage().contains(RunMode.ENV));
    }

    @Test
    void pickChoosesByMode() {
        assertEquals(10, new RunMode(Map.of()).pick(10, 1));
        assertEquals(1, new RunMode(Map.of(RunMode.ENV, "fast")).pick(10, 1));
        assertEquals("60k", new RunMode(Map.of(RunMode.ENV, "full")).pick("60k", "2k"));
    }

    @Test
    void describeSaysWhichModeAndHowToSwitch() {
        String fast = new RunMode(Map.of(RunMode.ENV, "fast")).describe();
        String full = new RunMode(Map.of()).describe();
        assertTrue(fast.startsWith("Fast mode"), fast);
        assertTrue(full.startsWith("Full mode"), full);
        assertTrue(full.contains(RunMode.ENV + "=fast"), full);
        assertEquals("fast", new RunMode(Map.of(RunMode.ENV, "fast")).toString());
    }

    @Test
    void seedComesFromTheNotebookUnlessOverridden() {
        assertEquals(7L, new RunMode(Map.of()).seed(7));
        assertEquals(123L, new RunMode(Map.of(RunMode.SEED_ENV, " 123 ")).seed(7));
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new RunMode(Map.of(RunMode.SEED_ENV, "abc")));
        assertTrue(e.getMessage().contains("RESNET_SEED"), e.getMessage());
    }
}
