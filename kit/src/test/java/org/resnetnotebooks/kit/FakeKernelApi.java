package org.resnetnotebooks.kit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The shape of the IJava family's display API (DisplayDataRenderable, RenderContext and the
 * output container), for tests of {@link KernelDisplay} that do not load a kernel.
 * KernelDisplayTest also checks the adapter against the real JJava jar when it is installed.
 */
final class FakeKernelApi {

    private FakeKernelApi() {}

    /** Like DisplayDataRenderable: a default method, and render(context). */
    public interface Renderable {
        default Set<String> getSupportedRenderTypes() {
            return Set.of("*");
        }

        void render(Context context);
    }

    /** Like RenderContext. */
    public static final class Context {
        private final Container out = new Container();

        public Container getOutputContainer() {
            return out;
        }
    }

    /** Like DisplayData. */
    public static final class Container {
        final Map<String, Object> data = new LinkedHashMap<>();

        public void putData(String mimeType, Object value) {
            data.put(mimeType, value);
        }
    }

    /** Renders an object as the fake kernel would. */
    static Map<String, Object> render(Object renderable) {
        Context context = new Context();
        ((Renderable) renderable).render(context);
        return context.getOutputContainer().data;
    }

    static KernelDisplay display() {
        return KernelDisplay.of(FakeKernelApi.class.getClassLoader(),
                java.util.List.of("org.resnetnotebooks.kit.FakeKernelApi$Renderable"));
    }
}
