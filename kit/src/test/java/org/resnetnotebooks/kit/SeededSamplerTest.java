package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SeededSamplerTest {

    @Test
    void permutationsArePermutations() {
        long[] p = new SeededSampler(1).permutation(1000);
        long[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void sameSeedGivesTheSameSequenceOfEpochs() {
        SeededSampler a = new SeededSampler(42);
        SeededSampler b = new SeededSampler(42);
        long[] a1 = a.permutation(100);
        long[] a2 = a.permutation(100);
        assertArrayEquals(a1, b.permutation(100));
        assertArrayEquals(a2, b.permutation(100));
        assertFalse(Arrays.equals(a1, a2), "each epoch gets a new order");
        assertFalse(Arrays.equals(a1, new SeededSampler(43).permutation(100)));
        assertEquals(42, a.seed());
    }
}
