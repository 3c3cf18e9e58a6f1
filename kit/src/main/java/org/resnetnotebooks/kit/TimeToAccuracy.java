package org.resnetnotebooks.kit;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One training run of notebook 06 by a {@link Recipe}, timed epoch by epoch, for the
 * time-to-accuracy benchmark ({@code bin/benchmark --time-to-accuracy}, tools/time_to_accuracy.py).
 *
 * <p>The run is notebook 06's: ResNet-20 with option-A shortcuts on all 60,000 Fashion-MNIST
 * training images, fresh crops and flips each epoch (seed × 1000 + epoch, as the notebook), the
 * recipe's optimizer, schedule and loss, and after each epoch the 10,000 test images evaluated
 * twice: as they are, and with the flipped view averaged in. Each evaluation is timed on its own,
 * so the wall time of a recipe counts its training plus only the evaluation it uses.
 *
 * <p>Output: one JSON line per epoch (so a caller keeps every finished epoch even if the run is
 * killed), then a summary line with {@code "done": true}.
 *
 * <p>Usage: {@code java -cp ... org.resnetnotebooks.kit.TimeToAccuracy recipe seed [epochs] [target]
 * [stopAtTarget]}: recipe "fast" or "paper"; epochs 0 or absent for the recipe's default; target
 * accuracy (0.93); stopAtTarget 1 to end the run at the first epoch whose accuracy (the recipe's
 * view) reaches the target, which leaves the time to the target unchanged.
 */
public final class TimeToAccuracy {

    private TimeToAccuracy() {}

    /**
     * Trains and prints the JSON lines.
     *
     * @param args recipe seed [epochs] [target] [stopAtTarget]
     */
    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: TimeToAccuracy fast|paper SEED [EPOCHS] [TARGET] [STOP_AT_TARGET 0|1]");
            System.exit(2);
        }
        ThroughputBenchmark.Options.parse(new String[0]);   // keeps DJL from probing for cloud metadata
        String name = args[0];
        long seed = Long.parseLong(args[1]);
        int epochs = args.length > 2 && Integer.parseInt(args[2]) > 0 ? Integer.parseInt(args[2]) : Recipe.defaultEpochs(name);
        double target = args.length > 3 ? Double.parseDouble(args[3]) : 0.93;
        boolean stopAtTarget = args.length > 4 && args[4].equals("1");
        run(Recipe.named(name, epochs), seed, target, stopAtTarget, 60_000, System.out);
    }

    /**
     * One run, printing its JSON lines.
     *
     * @param recipe the recipe
     * @param seed the seed of the weights and of the augmentation
     * @param target the test accuracy to time
     * @param stopAtTarget end at the first epoch that reaches it
     * @param trainImages the training images (the first ones; the benchmark uses all 60,000)
     * @param out where the JSON lines go
     */
    static void run(Recipe recipe, long seed, double target, boolean stopAtTarget, int trainImages,
            java.io.PrintStream out) {
        FashionMnist trainData = FashionMnist.builder().split(FashionMnist.Split.TRAIN).limit(trainImages).load();
        FashionMnist testData = FashionMnist.builder().split(FashionMnist.Split.TEST).load();
        int batchesPerEpoch = (trainData.size() + recipe.batchSize() - 1) / recipe.batchSize();
        Device device = DeviceReport.current().device();
        Engine engine = Engine.getInstance();
        engine.setRandomSeed((int) seed);
        try (Model model = Model.newInstance("resnet20", device)) {
            model.setBlock(Nets.residual(3, Nets.Shortcut.A_ZERO_PAD));
            model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                    new Shape(recipe.batchSize(), 1, 28, 28));
            MomentumSgd sgd = recipe.optimizer(batchesPerEpoch);
            DefaultTrainingConfig config = new DefaultTrainingConfig(recipe.loss()).optOptimizer(sgd)
                    .optDevices(new Device[] {device});
            try (Trainer trainer = model.newTrainer(config)) {
                ArrayDataset testSet = testData.toDataset(trainer.getManager(), 500, false, 0);
                double elapsed = 0;   // training + the recipe's own evaluations, seconds
                double reachedAt = Double.NaN;
                int reachedEpoch = 0;
                double lastAccuracy = Double.NaN;
                int epoch = 1;
                for (; epoch <= recipe.epochs(); epoch++) {
                    float lr = sgd.nextLearningRate();
                    AugmentedImages trainSet = AugmentedImages.of(trainData, recipe.batchSize(), true, 4, true,
                            seed * 1000 + epoch);
                    Training.EpochResult train = Training.trainEpoch(trainer, trainSet);
                    Training.EpochResult plain = Training.evaluate(trainer, testSet, null, false);
                    Training.EpochResult flipped = Training.evaluate(trainer, testSet, null, true);
                    Training.EpochResult own = recipe.flipAtTest() ? flipped : plain;
                    elapsed += train.seconds() + own.seconds();
                    lastAccuracy = own.accuracy();
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("recipe", recipe.name());
                    line.put("seed", seed);
                    line.put("epoch", epoch);
                    line.put("train_images", trainData.size());
                    line.put("learning_rate_at_start", lr);
                    line.put("train_seconds", train.seconds());
                    line.put("train_loss", train.meanLoss());
                    line.put("train_error", train.error());
                    line.put("test_accuracy", plain.accuracy());
                    line.put("test_seconds", plain.seconds());
                    line.put("test_accuracy_flip", flipped.accuracy());
                    line.put("test_seconds_flip", flipped.seconds());
                    line.put("recipe_accuracy", own.accuracy());
                    line.put("elapsed_seconds", elapsed);
                    out.println(new com.google.gson.Gson().toJson(line));
                    System.err.println(String.format(Locale.ROOT, "%s seed %d epoch %d: %.2f %% (flipped %.2f %%) after %.1f min",
                            recipe.name(), seed, epoch, 100 * plain.accuracy(), 100 * flipped.accuracy(), elapsed / 60));
                    if (Double.isNaN(reachedAt) && own.accuracy() >= target) {
                        reachedAt = elapsed;
                        reachedEpoch = epoch;
                        if (stopAtTarget) {
                            epoch++;
                            break;
                        }
                    }
                }
                Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("done", true);
                summary.put("recipe", recipe.name());
                summary.put("describe", recipe.describe());
                summary.put("seed", seed);
                summary.put("engine", engine.getEngineName() + " " + engine.getVersion());
                summary.put("device", device.toString());
                summary.put("epochs_planned", recipe.epochs());
                summary.put("epochs_run", epoch - 1);
                summary.put("target", target);
                summary.put("reached_epoch", reachedEpoch);
                summary.put("seconds_to_target", Double.isNaN(reachedAt) ? null : reachedAt);
                summary.put("final_accuracy", lastAccuracy);
                summary.put("elapsed_seconds", elapsed);
                out.println(new com.google.gson.GsonBuilder().serializeNulls().create().toJson(summary));
            }
        }
    }
}
