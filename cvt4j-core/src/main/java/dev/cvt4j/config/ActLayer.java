package dev.cvt4j.config;

/**
 * The MLP activation ({@code act_layer} of the official model). The official {@code get_cls_model}
 * always passes {@link #QUICK_GELU}; exact GELU is offered for models trained with it. The network
 * applies it in its MLP block ({@code Mlp}).
 */
public enum ActLayer {
    /** {@code x * sigmoid(1.702 x)}, the official default (the network's {@code QuickGelu}). */
    QUICK_GELU("quick_gelu"),
    /** The exact (erf) GELU of {@code torch.nn.GELU()}. */
    GELU("gelu");

    private final String configName;

    ActLayer(String configName) {
        this.configName = configName;
    }

    /** The name used in YAML ({@code MODEL.ACT_LAYER}, a cvt4j extension) and JSON output. */
    public String configName() {
        return configName;
    }

    /**
     * Parses a config value.
     *
     * @param value {@code quick_gelu} or {@code gelu}
     * @return the activation
     * @throws IllegalArgumentException for any other value
     */
    public static ActLayer fromConfigName(String value) {
        for (ActLayer a : values()) {
            if (a.configName.equals(value)) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown activation '" + value + "' (expected quick_gelu or gelu)");
    }
}
