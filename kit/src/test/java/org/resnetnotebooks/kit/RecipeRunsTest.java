package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeRunsTest {

    /** The shape tools/time_to_accuracy.py writes (tests/tools/test_time_to_accuracy.py checks that side). */
    private static final String FILE = """
            {"made_by": "bin/benchmark --time-to-accuracy --write", "machine": "2 cores of an AMD EPYC",
             "commit": "abc", "target": 0.93, "runs": [
              {"recipe": "paper", "seed": 1, "describe": "paper recipe: 3 epochs", "engine": "MXNet 1.9.1",
               "minutes": [1.5, 3.0, 4.5], "test_accuracy": [0.90, 0.92, 0.925],
               "test_accuracy_plain": [0.90, 0.92, 0.925], "images_per_second": 700.0},
              {"recipe": "fast", "seed": 1, "describe": "fast recipe: 3 epochs", "engine": "MXNet 1.9.1",
               "minutes": [1.6, 3.2, 4.8], "test_accuracy": [0.91, 0.931, 0.94],
               "test_accuracy_plain": [0.905, 0.928, 0.937], "images_per_second": 710.0}]}
            """;

    @Test
    void readsEveryRunAndTimesTheFirstEpochThatReachesTheTarget(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("06-recipes.json");
        Files.writeString(file, FILE);
        RecipeRuns runs = RecipeRuns.load(file);
        assertEquals(0.93, runs.target());
        assertEquals("2 cores of an AMD EPYC", runs.machine());
        RecipeRuns.Run fast = runs.runs("fast").get(0);
        assertEquals(3.2, fast.minutesTo(0.93));
        assertEquals(0.94, fast.finalAccuracy());
        assertEquals(3, fast.epochs());
        assertTrue(Double.isNaN(runs.runs("paper").get(0).minutesTo(0.93)), "the paper run never reached 93 %");
        Map<String, double[][]> curves = runs.accuracyCurves(false);
        assertEquals(List.of("fast recipe, seed 1", "paper recipe, seed 1"), List.copyOf(curves.keySet()));
        assertArrayEquals(new double[] {91.0, 93.1, 94.0}, curves.get("fast recipe, seed 1")[1], 1e-9);
        assertArrayEquals(new double[] {90.5, 92.8, 93.7}, runs.accuracyCurves(true).get("fast recipe, seed 1")[1], 1e-9);
    }

    @Test
    void aMissingOrBrokenFileNamesTheCommandThatMakesIt(@TempDir Path dir) throws IOException {
        DataException missing = assertThrows(DataException.class, () -> RecipeRuns.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().contains("bin/benchmark --time-to-accuracy --write"), missing.getMessage());
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "{\"runs\": []}");
        DataException empty = assertThrows(DataException.class, () -> RecipeRuns.load(broken));
        assertTrue(empty.getMessage().contains("Restore it from git"), empty.getMessage());
    }
}
