package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Gradient sizes per parameter and per block, read after {@code GradientCollector.backward}.
 *
 * <p>Why: "vanishing gradients" is a claim about numbers: how large ∂loss/∂W is in the first
 * layers compared with the last ones. This reads each parameter's gradient as the last backward
 * pass left it (read it before {@code trainer.step()}, which uses and may reset it) and returns its
 * L2 norm ‖∂loss/∂W‖₂ = sqrt(Σ g²), in network order (input to output).
 *
 * <pre>{@code
 * try (GradientCollector gc = trainer.newGradientCollector()) {
 *     NDArray loss = trainer.getLoss().evaluate(labels, trainer.forward(data));
 *     gc.backward(loss);
 * }
 * Map<String, Double> perBlock = Gradients.perBlock(net);   // read before trainer.step()
 * }</pre>
 */
public final class Gradients {

    private Gradients() {}

    /**
     * The L2 norm of every trainable parameter's gradient, in network order.
     *
     * @param block an initialised block after a backward pass
     * @return DJL parameter name (e.g. "04BasicBlock_01conv1_weight") to ‖gradient‖₂
     * @throws IllegalStateException if the block is not initialised
     */
    public static LinkedHashMap<String, Double> norms(Block block) {
        if (!block.isInitialized()) {
            throw new IllegalStateException(
                    "The block is not initialised: create a trainer and run a backward pass first.");
        }
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                out.put(p.getKey(), gradientNorm(p.getValue()));
            }
        }
        return out;
    }

    /**
     * The L2 norm of the gradient of the 3×3 convolution weights of each basic block: sqrt of the
     * sum of both convolutions' squared gradient norms (the option-B projection and the batch
     * norms are left out, so that plain and residual blocks compare like for like).
     *
     * @param net an initialised net built by {@link Nets}, after a backward pass
     * @return block label (e.g. "stage 1, block 2") to ‖gradient‖₂, in network order
     * @throws IllegalArgumentException if the net has no basic blocks
     */
    public static LinkedHashMap<String, Double> perBlock(Block net) {
        LinkedHashMap<String, Double> out = new LinkedHashMap<>();
        for (BasicBlock b : Nets.basicBlocks(net)) {
            double sq = 0;
            for (Block conv : b.convolutions()) {
                double n = gradientNorm(conv.getParameters().get("weight"));
                sq += n * n;
            }
            out.put(uniqueKey(out, b.label()), Math.sqrt(sq));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("This net has no BasicBlock (build it with Nets).");
        }
        return out;
    }

    /**
     * Sets every trainable parameter's gradient to zero.
     *
     * <p>Why: engines differ in what a second backward pass does without an optimizer step in
     * between. MXNet overwrites the gradients, PyTorch adds to them. Code that measures
     * gradients over several batches without training calls this after reading each batch, so
     * that every engine reports the same per-batch numbers.
     *
     * @param block an initialised block
     */
    public static void clear(Block block) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                NDArray g = p.getValue().getArray().getGradient();
                g.subi(g);
            }
        }
    }

    /**
     * A map of norms as a table for charts: columns "index" (1, 2, ...), "name", and the value
     * column.
     *
     * @param norms from {@link #norms(Block)} or {@link #perBlock(Block)}
     * @param valueColumn the name of the value column, e.g. "plain-20"
     * @return a new table
     */
    public static Table table(Map<String, Double> norms, String valueColumn) {
        IntColumn index = IntColumn.create("index");
        StringColumn name = StringColumn.create("name");
        DoubleColumn value = DoubleColumn.create(valueColumn);
        int i = 1;
        for (Map.Entry<String, Double> e : norms.entrySet()) {
            index.append(i++);
            name.append(e.getKey());
            value.append(e.getValue());
        }
        return Table.create("gradient norms", index, name, value);
    }

    /**
     * The L2 norm of one parameter's gradient.
     *
     * @param parameter an initialised parameter that requires a gradient
     * @return ‖gradient‖₂
     */
    public static double gradientNorm(Parameter parameter) {
        NDArray array = parameter.getArray();
        if (!array.hasGradient()) {
            throw new IllegalStateException(
                    "Parameter " + parameter.getName() + " has no gradient: run a backward pass inside a"
                            + " GradientCollector first.");
        }
        try (NDArray g = array.getGradient()) {
            double sq = 0;
            for (float v : g.toFloatArray()) {
                sq += (double) v * v;
            }
            return Math.sqrt(sq);
        }
    }

    private static String uniqueKey(Map<String, ?> map, String key) {
        if (!map.containsKey(key)) {
            return key;
        }
        int i = 2;
        while (map.containsKey(key + " (" + i + ")")) {
            i++;
        }
        return key + " (" + i + ")";
    }
}
