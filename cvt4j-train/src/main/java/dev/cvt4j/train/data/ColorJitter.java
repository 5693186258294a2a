package dev.cvt4j.train.data;

import dev.cvt4j.image.RgbImage;
import java.util.random.RandomGenerator;

/**
 * torchvision 0.14's {@code ColorJitter(brightness, contrast, saturation, hue)} on a PIL image,
 * optionally inside {@code RandomApply(p)}: brightness, contrast and saturation factors are drawn
 * uniformly from {@code [max(0, 1 - x), 1 + x]}, the hue shift from {@code [-hue, hue]}, and the
 * four adjustments run in a random order ({@code torch.randperm(4)}); a zero amount skips its
 * adjustment. Brightness, contrast and saturation are Pillow's {@code ImageEnhance} ({@link
 * PilEnhance}), hue goes through Pillow's HSV conversion.
 *
 * @param brightness brightness jitter, {@code >= 0}
 * @param contrast contrast jitter, {@code >= 0}
 * @param saturation saturation jitter, {@code >= 0}
 * @param hue hue jitter in turns, {@code [0, 0.5]}
 * @param p probability of jittering at all ({@code RandomApply}; 1 for a plain {@code ColorJitter})
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue, double p)
        implements ImageAugment {

    /**
     * @throws IllegalArgumentException if an amount is negative, hue exceeds 0.5 or p is outside [0, 1]
     */
    public ColorJitter {
        if (brightness < 0 || contrast < 0 || saturation < 0 || !(hue >= 0 && hue <= 0.5) || !(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("color jitter needs non-negative amounts, hue <= 0.5 and p in [0, 1],"
                    + " got " + brightness + ", " + contrast + ", " + saturation + ", " + hue + ", p " + p);
        }
    }

    @Override
    public RgbImage apply(RgbImage image, RandomGenerator rng) {
        if (p < rng.nextDouble()) {
            return image;
        }
        int[] order = {0, 1, 2, 3};
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double b = factor(brightness, rng);
        double c = factor(contrast, rng);
        double s = factor(saturation, rng);
        double h = hue > 0 ? Draws.uniform(rng, -hue, hue) : 0;
        RgbImage out = image;
        for (int op : order) {
            if (op == 0 && brightness > 0) {
                out = PilEnhance.brightness(out, b);
            } else if (op == 1 && contrast > 0) {
                out = PilEnhance.contrast(out, c);
            } else if (op == 2 && saturation > 0) {
                out = PilEnhance.color(out, s);
            } else if (op == 3 && hue > 0) {
                out = PilHue.adjust(out, h);
            }
        }
        return out;
    }

    private static double factor(double amount, RandomGenerator rng) {
        return amount > 0 ? Draws.uniform(rng, Math.max(0, 1 - amount), 1 + amount) : 1;
    }
}
