package org.resnetnotebooks.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import com.sun.jna.Platform;

import org.junit.jupiter.api.Test;

class NativeMemoryTest {

    @Test
    void isAvailableExactlyOnLinuxAndLeavesLiveArraysAlone() {
        assertEquals(Platform.isLinux(), NativeMemory.supported());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray kept = m.arange(1000f);
            float[] before = kept.toFloatArray();
            try (NDManager scratch = m.newSubManager()) {
                scratch.ones(new Shape(256, 1024, 64)); // 64 MB, freed when the scope closes
            }
            NativeMemory.release();
            assertArrayEquals(before, kept.toFloatArray());
        }
    }
}
