package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.ArrayDataset;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * Describes what to load from a data set: the split, how many items, and the batches of the DJL
 * data set. {@code FashionMnist.builder()} and {@code Cifar10.builder()} return one.
 *
 * <pre>{@code
 * ArrayDataset train = FashionMnist.builder().split(FashionMnist.Split.TRAIN).limit(10_000)
 *         .batchSize(128).shuffle(true).seed(42).build(manager);
 * }</pre>
 *
 * @param <S> the reader's split type
 * @param <T> the reader
 * @param <B> the reader's builder, so that each step returns it
 */
public abstract class ImageSetBuilder<S extends Enum<S>, T extends ImageSet<S>, B extends ImageSetBuilder<S, T, B>> {

    private S split;
    private int limit = -1;
    private int batchSize = 128;
    private boolean shuffle;
    private long seed = 42;
    private Path dataDir;

    ImageSetBuilder(S split) {
        this.split = split;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /**
     * Which split.
     *
     * @param value TRAIN (default) or TEST
     * @return this builder
     */
    public B split(S value) {
        this.split = Objects.requireNonNull(value, "split");
        return self();
    }

    /**
     * Keep only the first n items (see the reader for how balanced a prefix is).
     *
     * @param n how many items, at least 1 and at most the split's size
     * @return this builder
     */
    public B limit(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + n);
        }
        this.limit = n;
        return self();
    }

    /**
     * Items per batch.
     *
     * @param value the batch size (default 128)
     * @return this builder
     */
    public B batchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, got " + value);
        }
        this.batchSize = value;
        return self();
    }

    /**
     * Whether to shuffle each epoch (default false).
     *
     * @param value true to shuffle
     * @return this builder
     */
    public B shuffle(boolean value) {
        this.shuffle = value;
        return self();
    }

    /**
     * The shuffle seed (default 42).
     *
     * @param value the seed
     * @return this builder
     */
    public B seed(long value) {
        this.seed = value;
        return self();
    }

    /**
     * Uses this folder instead of looking for one (tests, custom layouts).
     *
     * @param dir the folder with the data set's files
     * @return this builder
     */
    public B dataDir(Path dir) {
        this.dataDir = Objects.requireNonNull(dir, "dir");
        return self();
    }

    /**
     * Loads (or reuses) the verified raw items, without an engine.
     *
     * @return the items
     * @throws DataException if the data is missing or corrupt
     * @throws IllegalArgumentException if the limit exceeds the split's size
     */
    public T load() {
        T all = loadAll(split, dataDir);
        if (limit > all.size()) {
            throw new IllegalArgumentException("limit(" + limit + ") exceeds the " + all.size()
                    + " items of the " + split.name().toLowerCase(Locale.ROOT) + " split.");
        }
        return limit < 0 || limit == all.size() ? all : first(all, limit);
    }

    /**
     * Loads the items into a DJL data set.
     *
     * @param manager owns the arrays
     * @return the data set
     * @throws DataException if the data is missing or corrupt
     */
    public ArrayDataset build(NDManager manager) {
        return load().toDataset(manager, batchSize, shuffle, seed);
    }

    /**
     * The whole split, verified; parsed once per JVM.
     *
     * @param split the split
     * @param dataDir the folder given with {@link #dataDir}, or {@code null} to find it
     * @return all its items
     */
    abstract T loadAll(S split, Path dataDir);

    /**
     * The first n items of a split.
     *
     * @param all the whole split
     * @param n how many
     * @return a set sharing the split's arrays
     */
    abstract T first(T all, int n);
}
