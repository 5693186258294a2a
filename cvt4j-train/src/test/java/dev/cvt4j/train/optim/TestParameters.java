package dev.cvt4j.train.optim;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.Map;

/** Free-standing parameters with chosen gradients, for optimizer tests. */
final class TestParameters {
    private TestParameters() {}

    /** A 1-d weight holding {@code values}, ready to receive a gradient. */
    static Parameter parameter(NDManager manager, String name, float... values) {
        Parameter p =
                Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(manager.create(values));
        p.getArray().setRequiresGradient(true);
        return p;
    }

    /** Back-propagates {@code sum_p sum(p * g_p)}, which adds exactly {@code g_p} to each parameter's gradient. */
    static void addGradients(NDManager manager, Map<Parameter, float[]> gradients) {
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = manager.zeros(new ai.djl.ndarray.types.Shape());
            for (Map.Entry<Parameter, float[]> e : gradients.entrySet()) {
                loss = loss.add(
                        e.getKey().getArray().mul(manager.create(e.getValue())).sum());
            }
            collector.backward(loss);
        }
    }

    static float[] values(Parameter p) {
        return p.getArray().toFloatArray();
    }

    static float[] gradient(Parameter p) {
        try (NDArray g = p.getArray().getGradient()) {
            return g.toFloatArray();
        }
    }
}
