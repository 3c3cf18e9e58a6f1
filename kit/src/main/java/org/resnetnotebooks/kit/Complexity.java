package org.resnetnotebooks.kit;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import java.util.ArrayList;
import java.util.List;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * What a net costs: multiply-adds per image and the output shape after each top-level layer.
 *
 * <p>Counts the multiply-adds of convolutions and linear layers, as He et al. (2015) do when they
 * quote FLOPs ("multiply-adds") in Table 1; batch norm, ReLU, pooling and additions are left out
 * (they are a few percent). Walks a {@link SequentialBlock}, the kit's {@link BasicBlock} and
 * {@link BottleneckBlock}, and any convolution or linear layer, propagating shapes with DJL's
 * {@code getOutputShapes}; other blocks count as zero.
 */
public final class Complexity {

    /** One top-level layer of a net: its name, output shape and multiply-adds per image. */
    public record Row(int index, String name, Shape output, long macs) {}

    private Complexity() {}

    /**
     * Multiply-adds for one image.
     *
     * @param net the net (need not be initialised)
     * @param input the input shape with batch size 1, e.g. (1, 1, 28, 28)
     * @return multiply-adds per image
     */
    public static long macs(Block net, Shape input) {
        return rows(net, input).stream().mapToLong(Row::macs).sum();
    }

    /**
     * The net's top-level layers with their output shapes and multiply-adds.
     *
     * @param net a sequential net (or any block: then one row)
     * @param input the input shape with batch size 1
     * @return one row per top-level layer
     */
    public static List<Row> rows(Block net, Shape input) {
        if (input.get(0) != 1) {
            throw new IllegalArgumentException("give the input shape for one image (batch 1), got " + input);
        }
        List<Row> rows = new ArrayList<>();
        List<Block> layers = net instanceof SequentialBlock
                ? net.getChildren().values() : List.of(net);
        List<String> names = net instanceof SequentialBlock ? net.getChildren().keys() : List.of(net.getClass().getSimpleName());
        Shape shape = input;
        for (int i = 0; i < layers.size(); i++) {
            Block layer = layers.get(i);
            long macs = count(layer, shape);
            shape = layer.getOutputShapes(new Shape[] {shape})[0];
            rows.add(new Row(i + 1, names.get(i), shape, macs));
        }
        return rows;
    }

    /**
     * The rows as a table: "layer", "name", "output shape", "multiply-adds".
     *
     * @param net the net
     * @param input the input shape with batch size 1
     * @return a Tablesaw table
     */
    public static Table table(Block net, Shape input) {
        List<Row> rows = rows(net, input);
        return Table.create("layers",
                IntColumn.create("layer", rows.stream().mapToInt(Row::index).toArray()),
                StringColumn.create("name", rows.stream().map(Row::name).toList()),
                StringColumn.create("output shape", rows.stream().map(r -> r.output().toString()).toList()),
                LongColumn.create("multiply-adds", rows.stream().mapToLong(Row::macs).toArray()));
    }

    /** Multiply-adds of one block for the given input shape. */
    static long count(Block block, Shape in) {
        if (block instanceof Conv2d conv) {
            return conv(conv, in);
        }
        if (block instanceof Linear linear) {
            Shape out = linear.getOutputShapes(new Shape[] {in})[0];
            return in.size() / in.get(0) * (out.size() / out.get(0));
        }
        if (block instanceof BasicBlock b) {
            Block[] convs = b.convolutions();
            Shape mid = convs[0].getOutputShapes(new Shape[] {in})[0];
            long total = conv((Conv2d) convs[0], in) + conv((Conv2d) convs[1], mid);
            return total + (b.projection() == null ? 0 : count(b.projection(), in));
        }
        if (block instanceof BottleneckBlock b) {
            long total = 0;
            Shape shape = in;
            for (Conv2d conv : b.convolutions()) {
                total += conv(conv, shape);
                shape = conv.getOutputShapes(new Shape[] {shape})[0];
            }
            return total + (b.projectionConv() == null ? 0 : conv(b.projectionConv(), in));
        }
        if (block instanceof SequentialBlock seq) {
            long total = 0;
            Shape shape = in;
            for (Block child : seq.getChildren().values()) {
                total += count(child, shape);
                shape = child.getOutputShapes(new Shape[] {shape})[0];
            }
            return total;
        }
        return 0;
    }

    /** out_h · out_w · out_channels · (in_channels / groups) · k_h · k_w. */
    private static long conv(Conv2d conv, Shape in) {
        Shape out = conv.getOutputShapes(new Shape[] {in})[0];
        Shape k = conv.getKernelShape();
        return out.get(1) * out.get(2) * out.get(3) * (in.get(1) / conv.getGroups()) * k.get(0) * k.get(1);
    }
}
