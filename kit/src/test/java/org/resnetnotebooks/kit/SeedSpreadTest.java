package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSpreadTest {

    @Test
    void readsEveryRunsValuesInSeedOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("03-x.seeds.json");
        Files.writeString(file, "{\"notebook\": \"03-x.ipynb\", \"command\": \"python3 tools/seed_spread.py --only 03 --seeds 1 2\","
                + " \"runs\": [{\"seed\": 1, \"minutes\": 5.0, \"machine\": \"a CPU\", \"results\": {\"gap\": 2.5, \"name\": \"x\"}},"
                + " {\"seed\": 2, \"minutes\": 6.0, \"results\": {\"gap\": -1.0}}]}");
        SeedSpread spread = SeedSpread.load(file, "03-x");
        assertArrayEquals(new double[] {2.5, -1.0}, spread.values("gap"));
        assertTrue(Double.isNaN(spread.runs().get(0).value("name")), "a text is not a number");
        assertTrue(Double.isNaN(spread.runs().get(1).value("missing")));
        assertEquals("2 runs with seeds [1, 2], made by `python3 tools/seed_spread.py --only 03 --seeds 1 2` on a CPU.",
                spread.describe());
    }

    @Test
    void aMissingFileNamesTheCommandThatMakesIt(@TempDir Path dir) {
        DataException e = assertThrows(DataException.class, () -> SeedSpread.load(dir.resolve("none.json"), "07-y"));
        assertTrue(e.getMessage().contains("python3 tools/seed_spread.py --only 07"), e.getMessage());
    }

    @Test
    void aRangeSkipsRunsWithoutTheKeyAndJudgesANewRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("07-z.seeds.json");
        Files.writeString(file, "{\"runs\": [{\"seed\": 1, \"minutes\": 1, \"results\": {\"e\": 3.0}},"
                + " {\"seed\": 2, \"minutes\": 1, \"results\": {}}, {\"seed\": 3, \"minutes\": 1, \"results\": {\"e\": 1.5}}]}");
        SeedSpread.Range range = SeedSpread.load(file, "07-z").range("e");
        assertEquals(new SeedSpread.Range(1.5, 3.0, 2), range);
        assertEquals("over 2 seeds, it ended between 1.5 % and 3.0 %", range.describe("it ended"));
        assertTrue(range.contains(1.5) && range.contains(3.0));
        assertTrue(range.verdict(2.0, "the warm-up's").startsWith("Your run lies inside that range, so one run cannot tell the warm-up's"));
        assertTrue(range.verdict(3.1, "x").contains("outside that range"));
    }
}
