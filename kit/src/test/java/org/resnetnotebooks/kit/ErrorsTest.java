package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class ErrorsTest {

    /** The shape of DJL's offline failure when the native jar is missing. */
    static RuntimeException mxnetOffline() {
        IOException offline = new IOException("Offline mode is enabled.");
        IllegalStateException download =
                new IllegalStateException("Failed to download MXNet native library", offline);
        ExceptionInInitializerError init = new ExceptionInInitializerError(download);
        return new RuntimeException(init);
    }

    @Test
    void chainListsEveryCauseOutermostFirst() {
        String chain = Errors.chain(mxnetOffline());
        String[] lines = chain.split("\n");
        assertEquals(4, lines.length, chain);
        assertTrue(lines[0].startsWith("java.lang.RuntimeException: java.lang.ExceptionInInitializerError"), lines[0]);
        assertTrue(lines[1].strip().startsWith("caused by java.lang.ExceptionInInitializerError"), lines[1]);
        assertTrue(lines[2].contains("Failed to download MXNet native library"), lines[2]);
        assertTrue(lines[3].contains("java.io.IOException: Offline mode is enabled."), lines[3]);
    }

    @Test
    void cyclicCausesDoNotLoop() {
        RuntimeException a = new RuntimeException("a");
        RuntimeException b = new RuntimeException("b", a);
        a.initCause(b);
        assertEquals(2, Errors.causes(b).size());
    }

    @Test
    void mxnetOfflineFailureGetsTheClassifierHint() {
        String text = Errors.describe(mxnetOffline());
        assertTrue(text.startsWith("The MXNet native library is not on the classpath"), text);
        assertTrue(text.contains("linux-x86_64"), text);
        assertTrue(text.contains("Offline mode is enabled."), "the chain follows the hint");
    }

    @Test
    void pytorchOfflineFailureSaysHowToGetTheNativeLibrary() {
        // The shape of DJL 0.36.0's failure without pytorch-native-cpu, offline (measured).
        RuntimeException e = new RuntimeException(new IllegalStateException(
                "Failed to save pytorch index file", new IOException("Offline mode is enabled.")));
        String hint = Errors.hint(e);
        assertTrue(hint.startsWith("The PyTorch native library is not on the classpath"), hint);
        assertTrue(hint.contains("--engine pytorch"), hint);
        assertTrue(!hint.contains("MXNet"), hint);
    }

    @Test
    void missingPytorchJarsForTheChosenEngineSayWhatToRun() {
        ExceptionInInitializerError e = new ExceptionInInitializerError(
                new IllegalStateException("Unknown default engine: PyTorch"));
        assertTrue(Errors.hint(e).contains("--engine pytorch"), Errors.hint(e));
    }

    @Test
    void knownFailuresGetHints() {
        assertTrue(Errors.hint(new RuntimeException(new OutOfMemoryError("Java heap space"))).contains("RESNET_HEAP=4g bin/lab"));
        assertTrue(java.nio.file.Files.isRegularFile(java.nio.file.Path.of("..", "kernel-setup", "kernel_launch.py")), "the advice names a file that exists");
        assertTrue(Errors.hint(new RuntimeException(new InterruptedException())).contains("interrupted"));
        DataException data = new DataException("Fashion-MNIST file missing: x.gz.");
        assertEquals(data.getMessage(), Errors.hint(new RuntimeException(data)));
        assertTrue(Errors.hint(new NoSuchMethodError("ai.djl.ndarray.NDArray.foo()")).contains("0.36.0"));
        assertTrue(Errors.hint(new UnsatisfiedLinkError("libmxnet.so: cannot open")).contains("native library"));
        assertTrue(
                Errors.hint(new RuntimeException("Compile with USE_CUDA=1 to enable GPU usage"))
                        .contains("PyTorch"));
        assertNull(Errors.hint(new IllegalArgumentException("shape mismatch")));
    }

    @Test
    void unknownFailureLeadsWithTheRootMessage() {
        String text = Errors.describe(new RuntimeException("outer", new IllegalArgumentException("shape mismatch")));
        assertTrue(text.startsWith("Something went wrong: shape mismatch."), text);
        assertTrue(text.contains("caused by java.lang.IllegalArgumentException: shape mismatch"), text);
    }

    @Test
    void callWrapsFailuresWithTheFullDescription() {
        RuntimeException original = mxnetOffline();
        Errors.Explained e =
                assertThrows(Errors.Explained.class, () -> Errors.call(() -> { throw original; }));
        assertSame(original, e.getCause());
        assertTrue(e.getMessage().contains("Offline mode is enabled."), e.getMessage());
        assertEquals(42, Errors.call(() -> 42));
        int[] ran = {0};
        Errors.run(() -> ran[0]++);
        assertEquals(1, ran[0]);
        assertThrows(Errors.Explained.class, () -> Errors.run(() -> { throw new IOException("disk"); }));
    }

    @Test
    void interruptionKeepsTheInterruptFlag() {
        assertThrows(Errors.Explained.class, () -> Errors.run(() -> { throw new InterruptedException(); }));
        assertTrue(Thread.interrupted(), "flag restored (and cleared here)");
    }

    @Test
    void theEnginesCommonNativeFailuresGetPlainHints() {
        String oom = Errors.describe(new ai.djl.engine.EngineException(
                "MXNet engine call failed: MXNetError: Failed to allocate CPU Memory"));
        assertTrue(oom.startsWith("The engine ran out of native memory"), oom);
        assertTrue(oom.contains("RESNET_HEAP does not change"), oom);
        String big = Errors.describe(new ai.djl.engine.EngineException("MXNetError: Size of tensor you are trying"
                + " to allocate is larger than 2^31 elements. Please build with flag USE_INT64_TENSOR_SIZE=1"));
        assertTrue(big.startsWith("An array would have more than 2^31 elements"), big);
    }

    @Test
    void aRealShapeMismatchAtAConvolutionIsExplained() {
        try (ai.djl.Model model = ai.djl.Model.newInstance("shapes")) {
            model.setBlock(new ai.djl.nn.SequentialBlock().add(ai.djl.nn.convolutional.Conv2d.builder()
                    .setKernelShape(new ai.djl.ndarray.types.Shape(3, 3)).setFilters(4).build()));
            ai.djl.ndarray.NDManager m = model.getNDManager();
            model.getBlock().initialize(m, ai.djl.ndarray.types.DataType.FLOAT32, new ai.djl.ndarray.types.Shape(1, 1, 8, 8));
            Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> model.getBlock().forward(
                    new ai.djl.training.ParameterStore(m, false), new ai.djl.ndarray.NDList(m.ones(new ai.djl.ndarray.types.Shape(1, 3, 8, 8))), false));
            String text = Errors.describe(e);
            assertTrue(text.startsWith("Two shapes do not fit"), text);
            assertTrue(text.contains("Shape inconsistent") || text.contains("channels"),
                    "the engine's own words follow (MXNet or PyTorch): " + text);
        }
    }
}
