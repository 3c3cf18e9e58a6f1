package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's side is tested in tests/setup/test_stop_button.py, with a real kernel. */
class StopButtonTest {

    @TempDir Path dir;

    static boolean within(long millis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(10);
        }
        return condition.getAsBoolean();
    }

    @Test
    void aRequestFileIsTakenAndPressedStaysTrue() throws Exception {
        Path request = dir.resolve("stop");
        try (StopButton stop = new StopButton(request)) {
            assertFalse(stop.pressed());
            Files.createFile(request);
            assertTrue(within(2000, stop::pressed), "pressed within the poll interval");
            assertFalse(Files.exists(request), "taken, so the launcher does not interrupt the cell");
            assertTrue(stop.pressed(), "stays pressed");
        }
    }

    @Test
    void aLeftoverRequestFromEarlierIsNotThisLoopsStop() throws IOException {
        Path request = Files.createFile(dir.resolve("stop"));
        try (StopButton stop = new StopButton(request)) {
            assertFalse(stop.pressed());
            assertFalse(Files.exists(request));
        }
    }

    @Test
    void afterCloseRequestsAreLeftForTheLauncher() throws Exception {
        Path request = dir.resolve("stop");
        StopButton stop = new StopButton(request);
        stop.close();
        Thread.sleep(3 * StopButton.POLL_MILLIS);
        Files.createFile(request);
        Thread.sleep(3 * StopButton.POLL_MILLIS);
        assertTrue(Files.exists(request), "nobody watches: the launcher's fallback interrupt applies");
        assertFalse(stop.pressed());
    }

    @Test
    void withoutTheLauncherTheKernelsInterruptCounts() {
        try (StopButton stop = new StopButton(null)) {
            assertFalse(stop.pressed());
            Thread.currentThread().interrupt();
            assertTrue(stop.pressed());
        } finally {
            Thread.interrupted();   // clear the flag for the next test
        }
    }
}
