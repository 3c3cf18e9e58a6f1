package org.resnetnotebooks.kit;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * A DJL sampler that shuffles with its own seeded random generator.
 *
 * <p>Why: DJL's {@code setSampling(batchSize, true)} uses a {@code RandomSampler} that draws from
 * the process-wide {@code ai.djl.util.RandomUtils.RANDOM}. {@code Engine.setRandomSeed} seeds that
 * generator, but the same generator also feeds weight initialisation and anything else in DJL
 * that draws random numbers, so the shuffle order would change whenever code elsewhere draws one
 * more number. This sampler owns a {@link Random} created from the seed: epoch 1 always gets the
 * same permutation, epoch 2 the same next one, and so on, whatever the rest of the notebook does.
 *
 * <p>Each call of {@link #sample(RandomAccessDataset)} (DJL calls it once per epoch) returns a new
 * permutation (Fisher-Yates) of {@code 0 .. size-1}. DJL's {@code RandomSampler} swaps each
 * position only with an earlier one (Sattolo's algorithm), so it never leaves an index where it
 * was: not every order can occur. Both give every index once per epoch ({@code DjlSideBySideTest}).
 */
public final class SeededSampler implements Sampler.SubSampler {

    private final long seed;
    private final Random random;

    /**
     * Creates a sampler.
     *
     * @param seed the seed; the same seed gives the same sequence of epoch orders
     */
    public SeededSampler(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /**
     * The seed this sampler started from.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * A fresh permutation of the indices {@code 0 .. size-1}.
     *
     * @param size the number of items
     * @return the shuffled indices
     */
    public synchronized long[] permutation(int size) {
        long[] order = new long[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        for (int i = size - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    @Override
    public Iterator<Long> sample(RandomAccessDataset dataset) {
        long size = dataset.size();
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Data set too large to shuffle: " + size);
        }
        long[] order = permutation((int) size);
        return new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < order.length;
            }

            @Override
            public Long next() {
                if (next >= order.length) {
                    throw new NoSuchElementException();
                }
                return order[next++];
            }
        };
    }
}
