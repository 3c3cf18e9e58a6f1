package org.resnetnotebooks.kit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * SGD with momentum and weight decay whose state can be saved and restored.
 *
 * <p>The update (the recipe of He et al. 2015: momentum μ = 0.9, weight decay λ) is the engine's own
 * fused operator, the one DJL's {@code Optimizer.sgd().optMomentum(μ)} uses, so the two agree
 * (tested): on MXNet {@code v ← μ·v − η_t·(g + λ·w)}, {@code w ← w + v}. DJL keeps its optimizer
 * state private, so a
 * training run that resumes from a checkpoint would restart the momentum from zero and the
 * learning-rate schedule from step 0; this class exposes both ({@link #exportState},
 * {@link #importState}) so that {@link Checkpoints} can save them.
 */
public final class MomentumSgd extends Optimizer {

    private static final String PREFIX = "velocity:";

    private final Tracker learningRate;
    private final float momentum;
    private final Map<String, NDArray> velocity = new LinkedHashMap<>();
    private final Map<String, Integer> steps = new LinkedHashMap<>();
    // The engine hands update() arrays from a short-lived manager (MXNet's parameter-server
    // callback), so the momentum buffers live in a manager of their own.
    private NDManager stateManager;

    private MomentumSgd(Builder builder) {
        super(builder);
        this.learningRate = Objects.requireNonNull(builder.learningRate, "learning rate tracker");
        this.momentum = builder.momentum;
    }

    /** @return a builder: learning-rate tracker, momentum, and DJL's weight decay / gradient options */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public synchronized void update(String parameterId, NDArray weight, NDArray grad) {
        int step = steps.merge(parameterId, 1, Integer::sum);
        float lr = learningRate.getNewValue(parameterId, step);
        NDArray v = velocity.get(parameterId);
        if (v == null) {
            v = stateManager(weight).zeros(weight.getShape(), weight.getDataType());
            velocity.put(parameterId, v);
        }
        // The engine's own fused SGD-with-momentum update, as DJL's Sgd uses it: on PyTorch an
        // update of a weight that requires a gradient must run outside autograd, which only the
        // engine operator does (plain weight.subi(...) fails there with "a leaf Variable that
        // requires grad is being used in an in-place operation"). It updates v and the weight in
        // place: v = momentum * v - lr * (rescale * grad (clipped) + wd * weight); weight += v.
        NDList inputs = momentum == 0f ? new NDList(weight, grad) : new NDList(weight, grad, v);
        weight.getNDArrayInternal().sgdUpdate(inputs, new NDList(weight), lr, getWeightDecay(), rescaleGrad,
                clipGrad, momentum, true);
        // The gradient is used up: zero the parameter's own gradient (the `grad` argument is a
        // copy on PyTorch). A backward pass overwrites the gradient on MXNet but ADDS to it on
        // PyTorch, where DJL's built-in optimizers zero it in their update; without this, every
        // PyTorch step would apply the sum of all gradients so far.
        if (weight.hasGradient()) {
            try (NDArray own = weight.getGradient()) {
                own.subi(own);
            }
        }
    }

    private NDManager stateManager(NDArray weight) {
        if (stateManager == null) {
            stateManager = NDManager.newBaseManager(weight.getDevice());
        }
        return stateManager;
    }

    /** @return the number of updates applied so far (the schedule's position) */
    public synchronized int stepsTaken() {
        return steps.values().stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** @return the learning rate the next update will use */
    public synchronized float nextLearningRate() {
        return learningRate.getNewValue(stepsTaken() + 1);
    }

    /**
     * The momentum buffers, named {@code velocity:<parameter path>}, plus the step counts.
     *
     * <p>DJL identifies parameters to the optimizer by random ids that change with every new
     * model instance; the saved state uses the parameters' paths in the block instead.
     *
     * @param block the model's block (maps ids to paths)
     * @return the state; the arrays are the live buffers (encode them, do not close them)
     */
    public synchronized State exportState(Block block) {
        NDList list = new NDList();
        Map<String, Integer> stepsByPath = new TreeMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            String id = p.getValue().getId();
            NDArray v = velocity.get(id);
            if (v != null) {
                v.setName(PREFIX + p.getKey());
                list.add(v);
            }
            if (steps.containsKey(id)) {
                stepsByPath.put(p.getKey(), steps.get(id));
            }
        }
        return new State(list, stepsByPath);
    }

    /**
     * Restores momentum buffers and step counts saved by {@link #exportState()}.
     *
     * @param buffers the decoded buffers, named {@code velocity:<parameter path>}
     * @param savedSteps the step count per parameter path
     * @param block the block of the model being restored (maps paths to its parameters' ids)
     */
    public synchronized void importState(NDList buffers, Map<String, Integer> savedSteps, Block block) {
        Map<String, String> idByPath = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            idByPath.put(p.getKey(), p.getValue().getId());
        }
        velocity.values().forEach(NDArray::close);
        velocity.clear();
        for (NDArray v : buffers) {
            String name = v.getName();
            if (name == null || !name.startsWith(PREFIX) || !idByPath.containsKey(name.substring(PREFIX.length()))) {
                throw new IllegalArgumentException("the saved optimizer state has a buffer '" + name
                        + "' that matches no parameter of this model (a different architecture?)");
            }
            if (stateManager == null) {
                stateManager = NDManager.newBaseManager(v.getDevice());
            }
            NDArray owned = v.duplicate();
            owned.attach(stateManager);
            velocity.put(idByPath.get(name.substring(PREFIX.length())), owned);
        }
        steps.clear();
        savedSteps.forEach((path, count) -> {
            if (idByPath.containsKey(path)) {
                steps.put(idByPath.get(path), count);
            }
        });
    }

    /** Momentum buffers and step counts. */
    public record State(NDList velocities, Map<String, Integer> steps) {}

    /** Builder for {@link MomentumSgd}. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private Tracker learningRate;
        private float momentum = 0.9f;

        /** @return this, with the learning-rate tracker (e.g. {@code Tracker.fixed(0.1f)}) */
        public Builder setLearningRateTracker(Tracker tracker) {
            this.learningRate = tracker;
            return this;
        }

        /** @return this, with momentum μ (default 0.9, as in He et al. 2015) */
        public Builder optMomentum(float value) {
            this.momentum = value;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** @return the optimizer */
        public MomentumSgd build() {
            return new MomentumSgd(this);
        }
    }
}
