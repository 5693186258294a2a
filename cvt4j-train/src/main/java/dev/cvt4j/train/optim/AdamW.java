package dev.cvt4j.train.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import dev.cvt4j.checkpoint.DType;
import dev.cvt4j.checkpoint.StateDict;
import dev.cvt4j.checkpoint.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code torch.optim.AdamW} as PyTorch 1.13 computes it (single-tensor path, {@code amsgrad=False},
 * {@code maximize=False}): for each parameter p with gradient g, at its step t,
 * <pre>
 *   p  *= 1 - lr * wd                                   (decoupled weight decay, first)
 *   m   = beta1 * m + (1 - beta1) * g
 *   v   = beta2 * v + (1 - beta2) * g * g
 *   p  += -(lr / (1 - beta1^t)) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * with eps added after the bias correction. Scalar factors are computed in double precision and applied
 * to the float32 tensors as float32 values, in PyTorch's operation order.
 *
 * <p>Updates are in place on the parameters' arrays, through detached views (outside autograd). Every
 * temporary of a step is freed when the step returns; the state ({@code exp_avg}, {@code exp_avg_sq},
 * created at a parameter's first step as in PyTorch) lives in a sub-manager of the parameters' manager
 * until {@link #close()} (or until the model is closed). The state can be exported and restored as a {@link StateDict} keyed by official
 * parameter name. Not thread-safe.
 */
public final class AdamW implements AutoCloseable {
    /** PyTorch's default {@code betas[0]}, also used by the official recipe. */
    public static final double DEFAULT_BETA1 = 0.9;
    /** PyTorch's default {@code betas[1]}. */
    public static final double DEFAULT_BETA2 = 0.999;
    /** PyTorch's default {@code eps}. */
    public static final double DEFAULT_EPS = 1e-8;

    private static final String STEP = "step.";
    private static final String EXP_AVG = "exp_avg.";
    private static final String EXP_AVG_SQ = "exp_avg_sq.";

    private final List<ParamGroup> groups;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final NDManager manager;
    private final Map<String, State> state = new HashMap<>();
    private long steps;

    /**
     * @param groups parameter groups; names must be unique across groups
     * @param beta1 decay of the first moment, in [0, 1)
     * @param beta2 decay of the second moment, in [0, 1)
     * @param eps added to the denominator, positive
     * @throws IllegalArgumentException for an empty or duplicated parameter list or out-of-range
     *     hyper-parameters
     */
    public AdamW(List<ParamGroup> groups, double beta1, double beta2, double eps) {
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0)) {
            throw new IllegalArgumentException(
                    "AdamW needs 0 <= beta < 1 and eps > 0, got betas (" + beta1 + ", " + beta2 + "), eps " + eps);
        }
        this.groups = List.copyOf(groups);
        for (ParamGroup group : this.groups) {
            group.params().forEach((name, p) -> {
                if (parameters.put(name, p) != null) {
                    throw new IllegalArgumentException("parameter " + name + " is in two groups");
                }
            });
        }
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one parameter");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.manager =
                parameters.values().iterator().next().getArray().getManager().newSubManager();
    }

    /**
     * The optimizer of the official {@code build_optimizer} for {@code TRAIN.OPTIMIZER: adamW}:
     * {@code optim.AdamW(set_wd(...), lr, weight_decay=TRAIN.WD)} with PyTorch's default betas and eps.
     *
     * @param groups the official weight-decay split
     * @param weightDecay {@code TRAIN.WD}
     * @return the optimizer; close it to free its state
     */
    public static AdamW official(WeightDecayGroups groups, double weightDecay) {
        return new AdamW(groups.paramGroups(weightDecay), DEFAULT_BETA1, DEFAULT_BETA2, DEFAULT_EPS);
    }

    /** Official parameter name to parameter, for every parameter this optimizer updates, group by group. */
    public Map<String, Parameter> parameters() {
        return Collections.unmodifiableMap(parameters);
    }

    /** Number of {@link #step} calls since construction, or since the step count of the restored state. */
    public long steps() {
        return steps;
    }

    /**
     * One update of every parameter, from the gradients its array holds. A parameter whose gradient
     * has never been computed is updated as if it were zero (every CvT parameter takes part in every
     * forward pass, so this does not arise in training a CvT).
     *
     * @param lr the learning rate of this step (same for all groups, as the official schedule sets it)
     * @throws IllegalArgumentException if {@code lr} is negative or not finite
     */
    public void step(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a non-negative number, got " + lr);
        }
        try (NDScope scope = new NDScope()) {
            for (ParamGroup group : groups) {
                group.params().forEach((name, p) -> update(name, p, lr, group.weightDecay()));
            }
        }
        steps++;
    }

    private void update(String name, Parameter parameter, double lr, double weightDecay) {
        NDArray array = parameter.getArray();
        NDArray grad = array.getGradient();
        NDArray p = array.stopGradient();
        State s = state.computeIfAbsent(name, k -> State.zeros(manager, array.getShape()));
        s.step++;
        p.muli((float) (1 - lr * weightDecay));
        s.expAvg.muli((float) beta1).addi(grad.mul((float) (1 - beta1)));
        s.expAvgSq.muli((float) beta2).addi(grad.mul((float) (1 - beta2)).muli(grad));
        double biasCorrection1 = 1 - Math.pow(beta1, s.step);
        double biasCorrection2 = 1 - Math.pow(beta2, s.step);
        double stepSize = lr / biasCorrection1;
        NDArray denom =
                s.expAvgSq.sqrt().divi((float) Math.sqrt(biasCorrection2)).addi((float) eps);
        p.addi(s.expAvg.mul((float) -stepSize).divi(denom));
    }

    /**
     * The optimizer state, like PyTorch's per-parameter {@code state} but keyed by official name:
     * {@code step.<name>} (int64, 0-dim), {@code exp_avg.<name>} and {@code exp_avg_sq.<name>} (float32,
     * the parameter's shape), for each parameter that has taken a step, in parameter order.
     *
     * @return a copy of the state on the heap
     */
    public StateDict stateDict() {
        StateDict out = new StateDict();
        for (String name : parameters.keySet()) {
            State s = state.get(name);
            if (s != null) {
                out.put(STEP + name, Tensor.ofLongs(new long[0], new long[] {s.step}));
                out.put(EXP_AVG + name, floats(s.expAvg));
                out.put(EXP_AVG_SQ + name, floats(s.expAvgSq));
            }
        }
        return out;
    }

    /**
     * Replaces the state with one exported by {@link #stateDict()}; {@link #steps()} becomes the largest
     * restored step. Parameters absent from it start fresh.
     *
     * @param saved the state
     * @throws IllegalArgumentException naming the key when a key is unknown, a parameter's entries are
     *     incomplete, or a shape or type does not match; the current state is then unchanged
     */
    public void loadStateDict(StateDict saved) {
        for (String key : saved.keys()) {
            String name = key.substring(key.indexOf('.') + 1);
            if (!(key.startsWith(STEP) || key.startsWith(EXP_AVG) || key.startsWith(EXP_AVG_SQ))
                    || !parameters.containsKey(name)) {
                throw new IllegalArgumentException("optimizer state: unexpected key " + key);
            }
        }
        Map<String, State> restored = new HashMap<>();
        long maxStep = 0;
        try {
            for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
                String name = e.getKey();
                if (!saved.contains(STEP + name)
                        && !saved.contains(EXP_AVG + name)
                        && !saved.contains(EXP_AVG_SQ + name)) {
                    continue;
                }
                long[] shape = e.getValue().getArray().getShape().getShape();
                long step = checked(saved, STEP + name, new long[0], DType.I64).toLongArray()[0];
                float[] expAvg =
                        checked(saved, EXP_AVG + name, shape, DType.F32).toFloatArray();
                float[] expAvgSq =
                        checked(saved, EXP_AVG_SQ + name, shape, DType.F32).toFloatArray();
                NDArray m = manager.create(expAvg, new Shape(shape));
                NDArray v = manager.create(expAvgSq, new Shape(shape));
                NDScope.unregister(m, v);
                restored.put(name, new State(step, m, v));
                maxStep = Math.max(maxStep, step);
            }
        } catch (RuntimeException ex) {
            restored.values().forEach(State::close);
            throw ex;
        }
        state.values().forEach(State::close);
        state.clear();
        state.putAll(restored);
        steps = maxStep;
    }

    private static Tensor checked(StateDict saved, String key, long[] shape, DType dtype) {
        if (!saved.contains(key)) {
            throw new IllegalArgumentException("optimizer state: missing " + key);
        }
        Tensor t = saved.get(key);
        if (t.dtype() != dtype || !Arrays.equals(t.shape(), shape)) {
            throw new IllegalArgumentException("optimizer state: " + key + " is " + t.dtype() + " "
                    + Arrays.toString(t.shape()) + ", expected " + dtype + " " + Arrays.toString(shape));
        }
        return t;
    }

    private static Tensor floats(NDArray a) {
        return Tensor.ofFloats(a.getShape().getShape(), a.toFloatArray());
    }

    /** Frees the optimizer state. */
    @Override
    public void close() {
        manager.close();
    }

    /** PyTorch's per-parameter AdamW state. */
    private static final class State implements AutoCloseable {
        private long step;
        private final NDArray expAvg;
        private final NDArray expAvgSq;

        private State(long step, NDArray expAvg, NDArray expAvgSq) {
            this.step = step;
            this.expAvg = expAvg;
            this.expAvgSq = expAvgSq;
        }

        /** Fresh state; kept out of the enclosing step's {@link NDScope}. */
        static State zeros(NDManager manager, Shape shape) {
            NDArray m = manager.zeros(shape, DataType.FLOAT32);
            NDArray v = manager.zeros(shape, DataType.FLOAT32);
            NDScope.unregister(m, v);
            return new State(0, m, v);
        }

        @Override
        public void close() {
            expAvg.close();
            expAvgSq.close();
        }
    }
}
