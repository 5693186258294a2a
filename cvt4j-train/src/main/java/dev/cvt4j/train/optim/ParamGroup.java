package dev.cvt4j.train.optim;

import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A parameter group of a PyTorch optimizer: parameters sharing hyper-parameters, here the weight decay.
 *
 * @param params official parameter name to parameter, in order
 * @param weightDecay the decoupled weight decay of these parameters (0 for none)
 */
public record ParamGroup(Map<String, Parameter> params, double weightDecay) {

    /** @throws IllegalArgumentException if the weight decay is negative or not finite */
    public ParamGroup {
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a non-negative number, got " + weightDecay);
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }
}
