package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DoctorTest {

    private static String[] run(java.util.function.Supplier<Engine> loader) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int status = Doctor.run(new PrintStream(buf, true, StandardCharsets.UTF_8), loader);
        return new String[] {String.valueOf(status), buf.toString(StandardCharsets.UTF_8)};
    }

    @Test
    void healthyInstallationPassesAndComputesTheKnownProduct() {
        String[] r = run(Engine::getInstance);
        String out = r[1];
        assertEquals("0", r[0], out);
        assertTrue(out.contains("Java: " + System.getProperty("java.version")), out);
        // The engine the tests run on: MXNet, or PyTorch under `mvn test -Ppytorch`.
        String engine = System.getenv().getOrDefault("DJL_DEFAULT_ENGINE", "MXNet");
        assertTrue(out.contains("Engine in use: " + engine + " "), out);
        assertTrue(out.contains(" on cpu()") || out.contains(" on gpu(0)"), out);
        assertTrue(out.contains("DJL 0.36.0"), out);
        assertTrue(out.contains("Device: cpu()") || out.contains("Device: gpu(0)"), out);
        assertTrue(out.contains("= [[19,22],[43,50]] OK"), out);
        assertTrue(out.contains("plotly.js is inside the kit"), out);
        assertTrue(out.endsWith("All checks passed." + System.lineSeparator()), out);
    }

    @Test
    void engineThatCannotLoadFailsWithTheWholeCauseChain() {
        String[] r = run(() -> { throw ErrorsTest.mxnetOffline(); });
        String out = r[1];
        assertEquals("1", r[0], out);
        assertTrue(out.contains("FAILED: the deep-learning engine does not load."), out);
        assertTrue(out.contains("ExceptionInInitializerError"), out);
        assertTrue(out.contains("Failed to download MXNet native library"), out);
        assertTrue(out.contains("Offline mode is enabled."), out);
        assertTrue(out.contains("linux-x86_64"), "says what to do");
        assertFalse(out.contains("All checks passed."));
    }

    @Test
    void kitSourceSaysWhetherTheKitIsThisCheckoutsOwn() {
        Path jar = Path.of("/home/a/course/build/kit-repo/org/resnetnotebooks/resnet-kit/0.1.0/resnet-kit-0.1.0.jar");
        assertEquals("resnet-kit-0.1.0.jar from this checkout's build/kit-repo",
                Doctor.kitSource(jar, Path.of("/home/a/course/notebooks")));
        String other = Doctor.kitSource(jar, Path.of("/home/a/learner-copy/notebooks"));
        assertTrue(other.contains("of the checkout at /home/a/course, not of the one this notebook is in"), other);
        assertTrue(other.contains("bin/lab"), other);
        String shared = Doctor.kitSource(
                Path.of("/home/a/.m2/repository/org/resnetnotebooks/resnet-kit/0.1.0/resnet-kit-0.1.0.jar"),
                Path.of("/home/a/course/notebooks"));
        assertTrue(shared.contains("not a checkout's build/kit-repo") && shared.contains("run bin/setup"), shared);
    }
}
