package dev.cvt4j.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How the attention's query, key and value tokens are projected from the token map before their
 * linear layers ({@code QKV_PROJ_METHOD} of the official {@code MODEL.SPEC}; paper section 3.2,
 * official {@code Attention._build_projection} in {@code lib/models/cls_cvt.py}).
 */
public enum ProjectionMethod {
    /** The paper's convolutional projection: depthwise conv ({@code KERNEL_QKV}) then BatchNorm. */
    DW_BN("dw_bn"),
    /**
     * Average pooling (ceil mode, padding counted) for keys and values; queries are not projected,
     * as in the official code, which builds the query projection as {@code 'linear'} for this method.
     */
    AVG("avg"),
    /**
     * No spatial projection: q, k and v are the tokens themselves, followed by the linear layers.
     * The official {@code Attention.forward} leaves q/k/v undefined for this method (it fails with
     * a NameError); cvt4j implements the evident intent instead.
     */
    LINEAR("linear");

    private final String officialName;

    ProjectionMethod(String officialName) {
        this.officialName = officialName;
    }

    /**
     * The method queries are projected with: the official {@code Attention._build_projection} builds
     * {@code conv_proj_q} as {@code 'linear'} when the method is {@code 'avg'} (queries are never
     * pooled), and with the method itself otherwise. The one place this rule lives.
     *
     * @return {@link #LINEAR} for {@link #AVG}, else this method
     */
    public ProjectionMethod forQueries() {
        return this == AVG ? LINEAR : this;
    }

    /** The value used in the official YAML, e.g. {@code dw_bn}. */
    public String officialName() {
        return officialName;
    }

    /**
     * Parses an official YAML value.
     *
     * @param value {@code dw_bn}, {@code avg} or {@code linear}
     * @return the method
     * @throws IllegalArgumentException for any other value, naming the accepted ones
     */
    public static ProjectionMethod fromOfficialName(String value) {
        for (ProjectionMethod m : values()) {
            if (m.officialName.equals(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown projection method '" + value + "' (expected one of "
                + Arrays.stream(values()).map(ProjectionMethod::officialName).collect(Collectors.joining(", ")) + ")");
    }
}
