package org.resnetnotebooks.kit;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a MIME bundle into an object the running kernel's {@code display(object)} shows as
 * exactly that bundle.
 *
 * <p>Why: the kernel's {@code display(html, "text/html")} sends one MIME type (and stores the same
 * text again as {@code text/plain}), which cannot carry a chart as plotly JSON plus a picture.
 * Both kernels of the IJava family render an object that implements their {@code
 * DisplayDataRenderable} by calling its {@code render(context)}, which may put any MIME types
 * into {@code context.getOutputContainer()}. The kit is compiled without the kernel, so it finds
 * that interface through the class loader of the {@code display} function the set-up cell hands
 * in, and implements it with a {@link Proxy}.
 */
final class KernelDisplay {

    /** The renderable interface of JJava, then of IJava 1.3.0. */
    static final List<String> RENDERABLE_INTERFACES = List.of(
            "org.dflib.jjava.jupyter.kernel.display.DisplayDataRenderable",
            "io.github.spencerpark.jupyter.kernel.display.DisplayDataRenderable");

    private final Class<?> renderable;

    private KernelDisplay(Class<?> renderable) {
        this.renderable = renderable;
    }

    /**
     * Finds the kernel's renderable interface from the class loader of its display function.
     *
     * @param display the kernel's {@code display} (a lambda written in the notebook)
     * @return the adapter
     * @throws IllegalStateException if no known kernel's interface is visible there
     */
    static KernelDisplay of(Object display) {
        return of(display.getClass().getClassLoader(), RENDERABLE_INTERFACES);
    }

    static KernelDisplay of(ClassLoader loader, List<String> interfaceNames) {
        for (String name : interfaceNames) {
            try {
                Class<?> type = Class.forName(name, false, loader);
                if (type.isInterface()) {
                    return new KernelDisplay(type);
                }
            } catch (ClassNotFoundException | LinkageError e) {
                // try the next kernel's name
            }
        }
        throw new IllegalStateException(
                "This kernel's display API was not found (looked for " + String.join(" and ", interfaceNames)
                        + "). The notebooks run on the JJava kernel that bin/setup installs: choose the"
                        + " kernel \"Java (ResNet notebooks)\", or run bin/setup if it is not listed.");
    }

    /**
     * An object that the kernel renders as exactly this bundle.
     *
     * @param bundle one value per MIME type (strings, or maps and lists for JSON types)
     * @return the renderable, to pass to the kernel's {@code display} or {@code updateDisplay}
     */
    Object renderable(Map<String, Object> bundle) {
        Map<String, Object> data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(bundle, "bundle")));
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "render" -> {
                fill(args[0], data);
                yield null;
            }
            case "toString" -> String.valueOf(data.getOrDefault(Notebook.TEXT, "output"));
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> method.isDefault() ? InvocationHandler.invokeDefault(proxy, method, args) : null;
        };
        return Proxy.newProxyInstance(renderable.getClassLoader(), new Class<?>[] {renderable}, handler);
    }

    /** {@code context.getOutputContainer().putData(type, value)} for every entry. */
    private static void fill(Object context, Map<String, Object> data) throws ReflectiveOperationException {
        Object container = context.getClass().getMethod("getOutputContainer").invoke(context);
        Method putData = container.getClass().getMethod("putData", String.class, Object.class);
        for (Map.Entry<String, Object> entry : data.entrySet()) {
            putData.invoke(container, entry.getKey(), entry.getValue());
        }
    }
}
