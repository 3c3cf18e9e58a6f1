package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class DeviceReportTest {

    /** A probe with fields to set per case. */
    static final class Fake implements DeviceReport.Probe {
        String engine = "MXNet";
        String version = "1.9.1";
        String error;
        int engineGpus;
        String cuda;
        List<DeviceReport.Gpu> gpus = List.of();
        boolean cpuOnlyJar = true;
        String pytorchFlavor;

        @Override
        public String engineName() {
            return error == null ? engine : null;
        }

        @Override
        public String engineVersion() {
            return error == null ? version : null;
        }

        @Override
        public Optional<String> engineError() {
            return Optional.ofNullable(error);
        }

        @Override
        public int engineGpuCount() {
            return engineGpus;
        }

        @Override
        public Optional<String> cudaRuntimeVersion() {
            return Optional.ofNullable(cuda);
        }

        @Override
        public List<DeviceReport.Gpu> gpus() {
            return gpus;
        }

        @Override
        public boolean cpuOnlyMxnetNative() {
            return cpuOnlyJar;
        }

        @Override
        public Optional<String> pytorchNativeFlavor() {
            return Optional.ofNullable(pytorchFlavor);
        }
    }

    static final DeviceReport.Gpu A100 = new DeviceReport.Gpu("NVIDIA A100-SXM4-40GB", "8.0");
    static final DeviceReport.Gpu L4 = new DeviceReport.Gpu("NVIDIA L4", "8.9");
    static final DeviceReport.Gpu H100 = new DeviceReport.Gpu("NVIDIA H100 80GB HBM3", "9.0");

    private static String reasons(DeviceReport r) {
        return String.join("\n", r.reasons());
    }

    @Test
    void noGpuAtAllMeansCpuAndSaysSoPlainly() {
        Fake p = new Fake();
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.cpu(), r.device());
        assertFalse(r.isGpu());
        assertTrue(reasons(r).startsWith("No NVIDIA GPU was found"), reasons(r));
        assertEquals("cpu()", r.devices());
        assertTrue(r.engineLoaded());
    }

    @Test
    void supportedGpuWithTheCpuOnlyJarExplainsTheJarAndWhatToDo() {
        Fake p = new Fake();
        p.gpus = List.of(A100);
        p.cuda = "11.2";
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.cpu(), r.device());
        String why = reasons(r);
        assertTrue(why.contains("CPU-only build"), why);
        assertTrue(why.contains("Maven Central"), why);
        assertTrue(why.contains("switch to the PyTorch engine at set-up"), why);
        assertFalse(why.contains("CUDA 11.x"), "CUDA 11.2 is fine, no CUDA complaint: " + why);
        assertFalse(why.contains("compute capability 8.0;"), why);
        assertTrue(r.devices().contains("unused: NVIDIA A100-SXM4-40GB (compute capability 8.0)"), r.devices());
    }

    @Test
    void cuda12MeansMxnetFallsBackToCpu() {
        Fake p = new Fake();
        p.gpus = List.of(A100);
        p.cuda = "12.4";
        p.cpuOnlyJar = false;
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.cpu(), r.device());
        String why = reasons(r);
        assertTrue(why.contains("only for CUDA 11.x"), why);
        assertTrue(why.contains("CUDA 12.4"), why);
        assertTrue(why.contains("PyTorch"), why);
        assertFalse(why.contains("CPU-only build"), why);
    }

    @Test
    void adaGpuIsNotSupportedByMxnet() {
        Fake p = new Fake();
        p.gpus = List.of(L4);
        p.cuda = "11.8";
        p.cpuOnlyJar = false;
        String why = reasons(DeviceReport.decide(p));
        assertTrue(why.contains("compute capability 8.9"), why);
        assertTrue(why.contains("5.0, 6.0, 7.0, 7.5, 8.0, 8.6"), why);
        assertTrue(why.contains("PyTorch"), why);
    }

    @Test
    void hopperWithCuda12GivesBothReasons() {
        Fake p = new Fake();
        p.gpus = List.of(H100);
        p.cuda = "12.2";
        String why = reasons(DeviceReport.decide(p));
        assertTrue(why.contains("CPU-only build"), why);
        assertTrue(why.contains("CUDA 12.2"), why);
        assertTrue(why.contains("compute capability 9.0"), why);
    }

    @Test
    void gpuWithoutCudaRuntime() {
        Fake p = new Fake();
        p.gpus = List.of(A100);
        p.cpuOnlyJar = false;
        String why = reasons(DeviceReport.decide(p));
        assertTrue(why.contains("No CUDA runtime library (libcudart)"), why);
    }

    @Test
    void everythingSupportedButEngineSeesNoGpuPointsAtTheDownload() {
        Fake p = new Fake();
        p.gpus = List.of(A100);
        p.cuda = "11.2";
        p.cpuOnlyJar = false;
        String why = reasons(DeviceReport.decide(p));
        assertTrue(why.contains("looks usable by MXNet"), why);
        assertTrue(why.contains("MXNET_LIBRARY_PATH"), why);
    }

    @Test
    void supportedGpuWithAGpuBuildIsChosen() {
        Fake p = new Fake();
        p.gpus = List.of(A100, A100);
        p.cuda = "11.2";
        p.cpuOnlyJar = false;
        p.engineGpus = 2;
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.gpu(0), r.device());
        assertTrue(r.isGpu());
        assertEquals("gpu(0), gpu(1), cpu()", r.devices());
        assertTrue(reasons(r).contains("sees 2 GPUs"), reasons(r));
        assertTrue(r.toText().contains("Why the GPU:"), r.toText());
    }

    @Test
    void pytorchWithGpuUsesItAndMakesNoMxnetClaims() {
        Fake p = new Fake();
        p.engine = "PyTorch";
        p.version = "2.7.1";
        p.gpus = List.of(L4);
        p.cuda = "12.4";
        p.cpuOnlyJar = false;
        p.engineGpus = 1;
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.gpu(0), r.device());
        assertFalse(r.toText().contains("MXNet"), r.toText());
        assertTrue(reasons(r).contains("NVIDIA L4"), reasons(r));
    }

    @Test
    void pytorchWithUnusedGpuBlamesTheLibtorchBuildNotMxnet() {
        Fake p = new Fake();
        p.engine = "PyTorch";
        p.gpus = List.of(L4);
        p.cuda = "12.4";
        p.cpuOnlyJar = true; // irrelevant for PyTorch
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.cpu(), r.device());
        String text = r.toText();
        assertFalse(text.contains("MXNet"), text);
        assertFalse(text.contains("CUDA 11"), text);
        assertTrue(reasons(r).contains("PyTorch native library"), reasons(r));
    }

    @Test
    void pytorchCpuJarWithAGpuSaysSoAndNamesTheCudaFlavour() {
        Fake p = new Fake();
        p.engine = "PyTorch";
        p.version = "2.7.1";
        p.gpus = List.of(H100);
        p.cuda = "12.4";
        p.pytorchFlavor = "cpu";
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.cpu(), r.device());
        String why = reasons(r);
        assertTrue(why.contains("CPU-only build"), why);
        assertTrue(why.contains("--pytorch-flavor cu128"), why);
        assertFalse(r.toText().contains("MXNet"), r.toText());
        assertTrue(r.toText().contains("PyTorch native library: CPU-only build (pytorch-native-cpu)"), r.toText());
    }

    @Test
    void pytorchCudaBuildThatSeesNoGpuBlamesTheDriver() {
        Fake p = new Fake();
        p.engine = "PyTorch";
        p.gpus = List.of(L4);
        p.pytorchFlavor = "cu128";
        DeviceReport r = DeviceReport.decide(p);
        assertTrue(reasons(r).contains("CUDA build (cu128)"), reasons(r));
        assertTrue(reasons(r).contains("driver"), reasons(r));
        assertFalse(reasons(r).contains("--pytorch-flavor"), "it already is the CUDA build");
        assertTrue(r.toText().contains("PyTorch native library: CUDA build (cu128)"), r.toText());
    }

    @Test
    void summaryNamesEngineVersionAndDevice() {
        Fake p = new Fake();
        p.engine = "PyTorch";
        p.version = "2.7.1";
        assertEquals("PyTorch 2.7.1 on cpu()", DeviceReport.decide(p).summary());
        p.engineGpus = 1;
        p.gpus = List.of(H100);
        assertEquals("PyTorch 2.7.1 on gpu(0)", DeviceReport.decide(p).summary());
        Fake mx = new Fake();
        assertEquals("MXNet 1.9.1 on cpu()", DeviceReport.decide(mx).summary());
        mx.error = "no engine";
        assertEquals("no engine loaded", DeviceReport.decide(mx).summary());
    }

    @Test
    void pytorchFlavourIsReadFromTheNativeJarProperties() {
        Properties cpu = new Properties();
        cpu.setProperty("version", "2.7.1-20250812");
        cpu.setProperty("flavor", "cpu");
        cpu.setProperty("classifier", "linux-x86_64");
        assertEquals(Optional.of("cpu"), SystemProbe.bundledFlavor(cpu));
        Properties placeholder = new Properties();
        placeholder.setProperty("placeholder", "true");
        placeholder.setProperty("flavor", "cpu");
        assertEquals(Optional.empty(), SystemProbe.bundledFlavor(placeholder));
    }

    @Test
    void pytorchWithoutGpu() {
        Fake p = new Fake();
        p.engine = "PyTorch";
        DeviceReport r = DeviceReport.decide(p);
        assertEquals(Device.cpu(), r.device());
        assertTrue(reasons(r).startsWith("No NVIDIA GPU"), reasons(r));
        assertFalse(r.toText().contains("MXNet"));
    }

    @Test
    void unknownEngineGetsOnlyNeutralSentences() {
        Fake p = new Fake();
        p.engine = "OnnxRuntime";
        p.gpus = List.of(L4);
        p.cuda = "12.4";
        String text = DeviceReport.decide(p).toText();
        assertTrue(text.contains("OnnxRuntime engine sees no GPU"), text);
        assertFalse(text.contains("MXNet"), text);
        assertFalse(text.contains("PyTorch"), text);
    }

    @Test
    void engineThatDoesNotLoadIsReported() {
        Fake p = new Fake();
        p.error = "java.lang.IllegalStateException: Failed to download\n  caused by java.io.IOException: Offline mode is enabled";
        DeviceReport r = DeviceReport.decide(p);
        assertFalse(r.engineLoaded());
        assertEquals("none", r.engineName());
        assertTrue(reasons(r).contains("Offline mode is enabled"), reasons(r));
        assertTrue(r.toText().contains("none (engine not loaded)"), r.toText());
    }

    @Test
    void textAndHtmlShowTheFactsAndEscapeHtml() {
        Fake p = new Fake();
        p.gpus = List.of(new DeviceReport.Gpu("GPU <b>&</b>", "8.0"));
        p.cuda = "11.2";
        DeviceReport r = DeviceReport.decide(p);
        String text = r.toText();
        assertTrue(text.startsWith("Engine: MXNet 1.9.1\nDevice: cpu()\n"), text);
        assertTrue(text.contains("CUDA runtime: 11.2"), text);
        assertTrue(text.contains("MXNet native library: CPU-only build"), text);
        String html = r.toHtml();
        assertTrue(html.startsWith("<table"), html);
        assertTrue(html.contains("<th style=\"text-align:left\">Engine</th><td style=\"text-align:left\">MXNet 1.9.1</td>"), html);
        assertTrue(html.contains("GPU &lt;b&gt;&amp;&lt;/b&gt;"), html);
        assertFalse(html.contains("<b>&</b>"), html);
        assertEquals(r.reasons().size(), html.split("<li>", -1).length - 1);
    }

    @Test
    void nvidiaSmiOutputIsParsed() {
        List<DeviceReport.Gpu> gpus =
                SystemProbe.parseGpus("NVIDIA A100-SXM4-40GB, 8.0\nNVIDIA L4, 8.9\n\n");
        assertEquals(List.of(A100, L4), gpus);
        assertEquals(
                List.of(new DeviceReport.Gpu("Tesla K80", "")),
                SystemProbe.parseGpus("Tesla K80\n"));
        assertEquals(
                List.of(new DeviceReport.Gpu("Odd, Name", "")),
                SystemProbe.parseGpus("Odd, Name, [N/A]\n"));
    }

    @Test
    void cpuOnlyMarkerIsReadFromTheNativeJarProperties() {
        Properties cpu = new Properties();
        cpu.setProperty("version", "1.9.1-20220812");
        cpu.setProperty("classifier", "mkl-linux-x86_64");
        assertTrue(SystemProbe.isCpuOnlyBuild(cpu));
        Properties gpu = new Properties();
        gpu.setProperty("classifier", "cu112mkl-linux-x86_64");
        assertFalse(SystemProbe.isCpuOnlyBuild(gpu));
        Properties placeholder = new Properties();
        placeholder.setProperty("placeholder", "true");
        placeholder.setProperty("classifier", "mkl-linux-x86_64");
        assertFalse(SystemProbe.isCpuOnlyBuild(placeholder));
    }

    @Test
    void processCallsAreBoundedAndNeverThrow() {
        assertEquals(Optional.of("hi"), SystemProbe.run(Duration.ofSeconds(5), "echo", "hi").map(String::strip));
        assertEquals(Optional.empty(), SystemProbe.run(Duration.ofSeconds(5), "no-such-tool-resnet-kit"));
        assertEquals(Optional.empty(), SystemProbe.run(Duration.ofSeconds(5), "false"));
        long t0 = System.nanoTime();
        assertEquals(Optional.empty(), SystemProbe.run(Duration.ofMillis(300), "sleep", "10"));
        assertTrue((System.nanoTime() - t0) / 1e9 < 5, "the timeout must end the wait");
        long t1 = System.nanoTime();
        assertEquals(
                "late",
                SystemProbe.bounded(
                        Duration.ofMillis(200),
                        () -> {
                            try {
                                Thread.sleep(10_000);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return "done";
                        },
                        "late"));
        assertTrue((System.nanoTime() - t1) / 1e9 < 5);
    }

    @Test
    void realProbeOnThisMachineChoosesTheCpuWithAReason() {
        SystemProbe probe = new SystemProbe();
        // MXNet, or PyTorch under `mvn test -Ppytorch` (which sets DJL_DEFAULT_ENGINE).
        String engine = System.getenv().getOrDefault("DJL_DEFAULT_ENGINE", "MXNet");
        assertEquals(engine, probe.engineName());
        assertTrue(probe.engineError().isEmpty(), probe.engineError().orElse(""));
        assertTrue(probe.cpuOnlyMxnetNative(), "mxnet-native-mkl is on the test classpath");
        if (engine.equals("PyTorch")) {
            assertEquals(Optional.of("cpu"), probe.pytorchNativeFlavor(), "pytorch-native-cpu is on the test classpath");
        }
        DeviceReport r = DeviceReport.decide(probe);
        if (probe.gpus().isEmpty() && probe.engineGpuCount() == 0) {
            assertEquals(Device.cpu(), r.device());
            assertFalse(r.reasons().isEmpty());
            assertTrue(r.toText().contains("Why the CPU:"), r.toText());
        }
        assertEquals(r.toText(), DeviceReport.current().toText());
    }
}
