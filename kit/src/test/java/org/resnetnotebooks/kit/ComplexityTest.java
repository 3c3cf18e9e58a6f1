package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Blocks;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class ComplexityTest {

    /** A 3×3 conv 1→2 channels on 4×4 (padding 1): 2·4·4 outputs, 9 multiply-adds each; then 32→3 linear. */
    @Test
    void countsConvolutionsAndLinearLayersByHand() {
        SequentialBlock net = new SequentialBlock()
                .add(Conv2d.builder().setKernelShape(new Shape(3, 3)).setFilters(2).optPadding(new Shape(1, 1)).build())
                .add(Activation.reluBlock())
                .add(Blocks.batchFlattenBlock())
                .add(Linear.builder().setUnits(3).build());
        assertEquals(2 * 4 * 4 * 9 + 32 * 3, Complexity.macs(net, new Shape(1, 1, 4, 4)));
        Table t = Complexity.table(net, new Shape(1, 1, 4, 4));
        assertEquals(4, t.rowCount());
        assertEquals("(1, 2, 4, 4)", t.stringColumn("output shape").get(0));
        assertEquals(0L, t.longColumn("multiply-adds").get(1), "ReLU costs no multiply-adds here");
    }

    /** Residual and plain nets of one shape cost the same: option A's shortcut adds nothing. */
    @Test
    void residualOptionAAddsNoMultiplyAdds() {
        Shape in = new Shape(1, 1, 28, 28);
        assertEquals(Complexity.macs(Nets.plain(3), in), Complexity.macs(Nets.residual(3, Nets.Shortcut.A_ZERO_PAD), in));
        long b = Complexity.macs(Nets.residual(3, Nets.Shortcut.B_PROJECTION), in);
        // Two 1×1 stride-2 projections: 16→32 on 14×14 outputs and 32→64 on 7×7.
        assertEquals(Complexity.macs(Nets.plain(3), in) + 14 * 14 * 32 * 16 + 7 * 7 * 64 * 32, b);
    }

    @Test
    void refusesABatchOfMoreThanOneImage() {
        assertThrows(IllegalArgumentException.class, () -> Complexity.macs(Nets.plain(1), new Shape(8, 1, 28, 28)));
    }
}
