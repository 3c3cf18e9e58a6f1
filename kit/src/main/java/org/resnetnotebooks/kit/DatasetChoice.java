package org.resnetnotebooks.kit;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which data set a notebook trains on: Fashion-MNIST (the default) or CIFAR-10, chosen with the
 * environment variable {@value #ENV}.
 *
 * <p>Why: Fashion-MNIST is installed by the set-up and runs everywhere offline; CIFAR-10 is the
 * data of He et al. (2015) but optional (162 MB, from no package registry), so a notebook must
 * keep working without it and switch to it only when asked. The choice is made once, says why,
 * and fails early, with the install command, when CIFAR-10 is asked for but not installed.
 *
 * <p>Values of {@value #ENV} (case does not matter):
 *
 * <ul>
 *   <li>unset, empty or {@code fashion-mnist}: Fashion-MNIST, 60,000 training and 10,000 test
 *       images of 1×28×28;
 *   <li>{@code cifar10} (or {@code cifar-10}): CIFAR-10, 50,000 training and 10,000 test images of
 *       3×32×32, from the directory {@link Cifar10} finds (installed by {@code python3
 *       data/prepare_cifar10.py}).
 * </ul>
 *
 * <p>Typical use (notebook 06):
 *
 * <pre>{@code
 * DatasetChoice dataset = DatasetChoice.current();
 * System.out.println(dataset.describe());
 * LabelledImages trainData = dataset.train(10_000);
 * LabelledImages testData = dataset.test();
 * }</pre>
 */
public final class DatasetChoice {

    /** The environment variable that chooses the data set ({@link Settings#DATASET}). */
    public static final String ENV = Settings.DATASET;

    /** The values {@value #ENV} may hold; the first is the default ({@link Settings#DATASETS}). */
    public static final List<String> VALID_VALUES = Settings.DATASETS;

    /** CIFAR-10's folder when CIFAR-10 was chosen, {@code null} for Fashion-MNIST. */
    private final Path cifar10Dir;
    private final String reason;

    private DatasetChoice(Path cifar10Dir, String reason) {
        this.cifar10Dir = cifar10Dir;
        this.reason = reason;
    }

    /**
     * The data set this process asks for, from {@link System#getenv()}.
     *
     * @return the choice
     * @throws DataException if CIFAR-10 is asked for but not installed (the message names the
     *     install command)
     * @throws IllegalArgumentException if {@value #ENV} holds an unknown value
     */
    public static DatasetChoice current() {
        return choose(System.getenv(), Paths.get("").toAbsolutePath());
    }

    /**
     * The choice for an environment; CIFAR-10's directory is looked for as {@link Cifar10} does.
     *
     * @param env the environment variables
     * @param workingDir where to start looking for {@code data/cifar-10}
     * @return the choice
     */
    static DatasetChoice choose(Map<String, String> env, Path workingDir) {
        String id = Settings.dataset(env);
        String value = Settings.given(env, ENV).orElse(null);
        if (value == null) {
            return new DatasetChoice(null,
                    ENV + " is not set, so the default. Set " + ENV + "=cifar10 before starting"
                            + " Jupyter to train on CIFAR-10, the papers' data set (install it first"
                            + " with `python3 data/prepare_cifar10.py`).");
        }
        if (id.equals("fashion-mnist")) {
            return new DatasetChoice(null, ENV + "=" + value + ".");
        }
        Path dir;
        try {
            dir = DataFolder.find(DataFolder.CIFAR10, env, workingDir).dir();
        } catch (DataException e) {
            String detail = e.getMessage();
            if (detail.endsWith(Cifar10.HOW_TO_FIX)) {
                detail = detail.substring(0, detail.length() - Cifar10.HOW_TO_FIX.length()).strip();
            }
            throw new DataException(
                    ENV + "=" + value + " asks for CIFAR-10, but it is not installed here: "
                            + detail,
                    "Install it with `python3 data/prepare_cifar10.py` (downloads about 162 MB"
                            + " once) or offline with `python3 data/prepare_cifar10.py"
                            + " --from-archive PATH` from a copy of cifar-10-binary.tar.gz, then run"
                            + " the cell again; or unset " + ENV + " (and restart Jupyter) to train"
                            + " on Fashion-MNIST, the default.",
                    e);
        }
        return new DatasetChoice(dir, ENV + "=" + value + ", read from " + dir + ".");
    }

    /**
     * Tells whether CIFAR-10 was chosen.
     *
     * @return {@code true} for CIFAR-10, {@code false} for Fashion-MNIST
     */
    public boolean isCifar10() {
        return cifar10Dir != null;
    }

    /**
     * A short id for file and folder names.
     *
     * @return {@code fashion-mnist} or {@code cifar10}
     */
    public String id() {
        return isCifar10() ? "cifar10" : "fashion-mnist";
    }

    /**
     * The data set's name as the papers write it, for titles and text.
     *
     * @return {@code Fashion-MNIST} or {@code CIFAR-10}
     */
    public String displayName() {
        return isCifar10() ? "CIFAR-10" : "Fashion-MNIST";
    }

    /**
     * Why this data set: what {@value #ENV} says.
     *
     * @return a sentence
     */
    public String reason() {
        return reason;
    }

    /**
     * A sentence for the notebook: which data set, and why.
     *
     * @return e.g. {@code Data set: Fashion-MNIST. RESNET_DATASET is not set, so the default. ...}
     */
    public String describe() {
        return String.format(Locale.ROOT, "Data set: %s (%,d training, %,d test images of %s). %s",
                displayName(), fullTrainSize(), testSize(), isCifar10() ? "3×32×32, colour" : "1×28×28, grey",
                reason);
    }

    /**
     * The number of images in the official training split.
     *
     * @return 60,000 (Fashion-MNIST) or 50,000 (CIFAR-10)
     */
    public int fullTrainSize() {
        return isCifar10() ? 5 * Cifar10.RECORDS_PER_FILE : 60_000;
    }

    private int testSize() {
        return isCifar10() ? Cifar10.RECORDS_PER_FILE : 10_000;
    }

    /**
     * The class names, by class id.
     *
     * @return {@link Cifar10#CLASS_NAMES} or {@link FashionMnist#CLASS_NAMES}
     */
    public List<String> classNames() {
        return isCifar10() ? Cifar10.CLASS_NAMES : FashionMnist.CLASS_NAMES;
    }

    /**
     * The first images of the training split (verified; parsed once per JVM).
     *
     * @param limit how many, at least 1 and at most the split's size
     * @return the images
     * @throws DataException if the data is missing or corrupt
     */
    public LabelledImages train(int limit) {
        if (isCifar10()) {
            return Cifar10.builder().dataDir(cifar10Dir).split(Cifar10.Split.TRAIN).limit(limit).load();
        }
        return FashionMnist.builder().split(FashionMnist.Split.TRAIN).limit(limit).load();
    }

    /**
     * The whole test split (verified; parsed once per JVM).
     *
     * @return the images
     * @throws DataException if the data is missing or corrupt
     */
    public LabelledImages test() {
        if (isCifar10()) {
            return Cifar10.builder().dataDir(cifar10Dir).split(Cifar10.Split.TEST).load();
        }
        return FashionMnist.builder().split(FashionMnist.Split.TEST).load();
    }

    @Override
    public String toString() {
        return id();
    }
}
