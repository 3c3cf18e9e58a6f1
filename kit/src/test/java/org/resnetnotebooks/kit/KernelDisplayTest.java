package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class KernelDisplayTest {

    static Map<String, Object> chartLikeBundle() {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("application/vnd.plotly.v1+json", Map.of("data", List.of(Map.of("type", "bar"))));
        bundle.put("image/png", "iVBORw0KGgo=");
        bundle.put("text/plain", "Chart: a title");
        return bundle;
    }

    @Test
    void theRenderablePutsExactlyTheBundle() {
        Object renderable = FakeKernelApi.display().renderable(chartLikeBundle());
        assertEquals(chartLikeBundle(), FakeKernelApi.render(renderable));
        assertEquals("Chart: a title", renderable.toString());
        assertEquals(Set.of("*"), ((FakeKernelApi.Renderable) renderable).getSupportedRenderTypes(),
                "default methods of the kernel's interface keep their behaviour");
    }

    @Test
    void anotherKernelGetsAnErrorThatSaysWhatToDo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> KernelDisplay.of(getClass().getClassLoader(), KernelDisplay.RENDERABLE_INTERFACES));
        assertTrue(e.getMessage().contains("bin/setup"), e.getMessage());
        assertTrue(e.getMessage().contains("Java (ResNet notebooks)"), e.getMessage());
    }

    /** The project's kernel: the JJava jar that bin/setup installs into the virtual environment. */
    static Path jjavaJar() {
        return Path.of("..", ".venv", "share", "jupyter", "kernels", "java", "jjava.jar").toAbsolutePath().normalize();
    }

    @Test
    void theRealJJavaRendererPassesTheBundleThrough() throws Exception {
        Path jar = jjavaJar();
        Assumptions.assumeTrue(Files.isRegularFile(jar), "JJava is not installed at " + jar + " (run bin/setup)");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass().getClassLoader())) {
            KernelDisplay display = KernelDisplay.of(loader, KernelDisplay.RENDERABLE_INTERFACES);
            Class<?> rendererType = loader.loadClass("org.dflib.jjava.jupyter.kernel.display.Renderer");
            Object renderer = rendererType.getConstructor().newInstance();
            Object data = rendererType.getMethod("render", Object.class)
                    .invoke(renderer, display.renderable(chartLikeBundle()));
            Class<?> mimeType = loader.loadClass("org.dflib.jjava.jupyter.kernel.display.mime.MIMEType");
            Method parse = mimeType.getMethod("parse", String.class);
            Method getData = data.getClass().getMethod("getData", mimeType);
            for (Map.Entry<String, Object> e : chartLikeBundle().entrySet()) {
                assertEquals(e.getValue(), getData.invoke(data, parse.invoke(null, e.getKey())), e.getKey());
            }
        }
    }
}
