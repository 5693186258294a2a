package dev.cvt4j.train.data;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Draws one image of a procedural shape-classification task: a single shape (filled, or outlined
 * with probability 0.1) of random colour, size (radius 32-45% of the image), rotation, slight
 * stretch and position on a random textured background (noisy flat colour, linear gradient,
 * stripes or soft blotches, its colours within 20 luma levels of each other), with antialiasing
 * (Java2D) and a final layer of pixel noise. The shape is at least 100 luma levels darker or
 * lighter than all of the background, so the class is visible in every image, while colour,
 * texture and layout carry no class information. (The quickstart's small CvT reaches about 90% on
 * 10 classes after 10 epochs of 500 images per class; the task is learnable in minutes, not trivial.)
 *
 * <p>Shapes, in their canonical order (the first {@code n} make an {@code n}-class task): {@link
 * #SHAPES}. A circle is always filled and a ring is always an annulus, so that an outlined circle
 * is never confused with a ring; a diamond is a rhombus (axes 1 : 0.55), never a rotated square;
 * an ellipse has axes 1 : 0.45..0.65. Everything is a pure function of the random stream.
 */
public final class ShapesGenerator {
    /** The shape classes in canonical order. */
    public static final List<String> SHAPES = List.of(
            "circle",
            "square",
            "triangle",
            "star",
            "cross",
            "ring",
            "hexagon",
            "ellipse",
            "diamond",
            "arrow",
            "heart",
            "crescent");

    /** Largest luma difference between the two background colours. */
    private static final double MAX_BACKGROUND_SPREAD = 20;
    /** Probability that a shape other than circle, ring and crescent is drawn as an outline. */
    private static final double OUTLINED = 0.1;
    /** Smallest luma difference between the shape and any background colour. */
    private static final double MIN_LUMA_GAP = 100;

    private ShapesGenerator() {}

    /**
     * Draws one image.
     *
     * @param shape one of {@link #SHAPES}
     * @param size width and height in pixels, at least 16
     * @param rng the image's random stream
     * @return a {@code size x size} RGB image
     * @throws IllegalArgumentException for an unknown shape or a size below 16
     */
    public static BufferedImage draw(String shape, int size, RandomGenerator rng) {
        if (!SHAPES.contains(shape)) {
            throw new IllegalArgumentException("unknown shape '" + shape + "', expected one of " + SHAPES);
        }
        if (size < 16) {
            throw new IllegalArgumentException("shape images need at least 16 x 16 pixels, got " + size);
        }
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            Color[] background = background(g, size, rng);
            g.setColor(contrasting(background, rng));
            double radius = size * Draws.uniform(rng, 0.32, 0.45);
            double cx = Draws.uniform(rng, radius + 1, size - radius - 1);
            double cy = Draws.uniform(rng, radius + 1, size - radius - 1);
            boolean roundShape = shape.equals("circle") || shape.equals("ring");
            double stretch = roundShape ? 1.0 : Draws.uniform(rng, 0.85, 1.0);
            AffineTransform placement = new AffineTransform();
            placement.translate(cx, cy);
            placement.rotate(Draws.uniform(rng, 0, 2 * Math.PI));
            placement.scale(radius, radius * stretch);
            Shape placed = placement.createTransformedShape(unitShape(shape, rng));
            boolean alwaysFilled = roundShape || shape.equals("crescent");
            if (alwaysFilled || rng.nextDouble() >= OUTLINED) {
                g.fill(placed);
            } else {
                g.setStroke(new BasicStroke(
                        (float) (radius * Draws.uniform(rng, 0.16, 0.26)),
                        BasicStroke.CAP_ROUND,
                        BasicStroke.JOIN_ROUND));
                g.draw(placed);
            }
        } finally {
            g.dispose();
        }
        addNoise(image, Draws.uniform(rng, 0, 6), rng);
        return image;
    }

    /** The shape inside the unit circle, centred at the origin, pointing up where it has a direction. */
    private static Shape unitShape(String shape, RandomGenerator rng) {
        return switch (shape) {
            case "circle" -> new Ellipse2D.Double(-1, -1, 2, 2);
            case "square" -> new Rectangle2D.Double(-0.72, -0.72, 1.44, 1.44);
            case "triangle" -> polygon(3, 1.0, 1.0);
            case "star" -> polygon(5, 1.0, 0.42);
            case "cross" -> {
                Area a = new Area(new Rectangle2D.Double(-1, -0.3, 2, 0.6));
                a.add(new Area(new Rectangle2D.Double(-0.3, -1, 0.6, 2)));
                yield a;
            }
            case "ring" -> {
                Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
                a.subtract(new Area(new Ellipse2D.Double(-0.58, -0.58, 1.16, 1.16)));
                yield a;
            }
            case "hexagon" -> polygon(6, 1.0, 1.0);
            case "ellipse" -> {
                double minor = Draws.uniform(rng, 0.45, 0.65);
                yield new Ellipse2D.Double(-minor, -1, 2 * minor, 2);
            }
            case "diamond" -> {
                Path2D p = new Path2D.Double();
                p.moveTo(0, -1);
                p.lineTo(0.55, 0);
                p.lineTo(0, 1);
                p.lineTo(-0.55, 0);
                p.closePath();
                yield p;
            }
            case "arrow" -> {
                Path2D p = new Path2D.Double();
                p.moveTo(-0.22, 1);
                p.lineTo(-0.22, -0.1);
                p.lineTo(-0.6, -0.1);
                p.lineTo(0, -1);
                p.lineTo(0.6, -0.1);
                p.lineTo(0.22, -0.1);
                p.lineTo(0.22, 1);
                p.closePath();
                yield p;
            }
            case "heart" -> {
                Path2D p = new Path2D.Double();
                p.moveTo(0, 0.95);
                p.curveTo(-0.55, 0.55, -1.05, 0.1, -0.95, -0.4);
                p.curveTo(-0.85, -0.95, -0.15, -1.0, 0, -0.45);
                p.curveTo(0.15, -1.0, 0.85, -0.95, 0.95, -0.4);
                p.curveTo(1.05, 0.1, 0.55, 0.55, 0, 0.95);
                p.closePath();
                yield p;
            }
            case "crescent" -> {
                Area a = new Area(new Ellipse2D.Double(-1, -1, 2, 2));
                a.subtract(new Area(new Ellipse2D.Double(-0.45, -0.95, 1.8, 1.8)));
                yield a;
            }
            default -> throw new IllegalArgumentException("unknown shape '" + shape + "'");
        };
    }

    /** A regular polygon ({@code inner == outer}) or star with {@code points} tips, one pointing up. */
    private static Shape polygon(int points, double outer, double inner) {
        Path2D p = new Path2D.Double();
        int vertices = inner == outer ? points : 2 * points;
        for (int i = 0; i < vertices; i++) {
            double r = i % 2 == 1 && inner != outer ? inner : outer;
            double angle = -Math.PI / 2 + 2 * Math.PI * i / vertices;
            if (i == 0) {
                p.moveTo(r * Math.cos(angle), r * Math.sin(angle));
            } else {
                p.lineTo(r * Math.cos(angle), r * Math.sin(angle));
            }
        }
        p.closePath();
        return p;
    }

    /** Paints one of four textures; returns its colours (for the contrast check). */
    private static Color[] background(Graphics2D g, int size, RandomGenerator rng) {
        Color a = randomColour(rng);
        Color b = a;
        for (int attempt = 0; attempt < 100; attempt++) {
            Color c = randomColour(rng);
            if (Math.abs(luma(c) - luma(a)) <= MAX_BACKGROUND_SPREAD) {
                b = c;
                break;
            }
        }
        switch (rng.nextInt(4)) {
            case 0 -> {
                g.setColor(a);
                g.fillRect(0, 0, size, size);
                return new Color[] {a};
            }
            case 1 -> {
                double angle = Draws.uniform(rng, 0, 2 * Math.PI);
                float dx = (float) (Math.cos(angle) * size / 2);
                float dy = (float) (Math.sin(angle) * size / 2);
                g.setPaint(new GradientPaint(size / 2f - dx, size / 2f - dy, a, size / 2f + dx, size / 2f + dy, b));
                g.fillRect(0, 0, size, size);
            }
            case 2 -> {
                g.setColor(a);
                g.fillRect(0, 0, size, size);
                g.setColor(b);
                AffineTransform saved = g.getTransform();
                g.rotate(Draws.uniform(rng, 0, Math.PI), size / 2.0, size / 2.0);
                double period = Draws.uniform(rng, 4, 14);
                for (double y = -size; y < 2 * size; y += period) {
                    g.fill(new Rectangle2D.Double(-size, y, 3 * size, period / 2));
                }
                g.setTransform(saved);
            }
            default -> {
                g.setColor(a);
                g.fillRect(0, 0, size, size);
                int blotches = 4 + rng.nextInt(6);
                for (int i = 0; i < blotches; i++) {
                    g.setColor(new Color(b.getRed(), b.getGreen(), b.getBlue(), 60 + rng.nextInt(90)));
                    double r = size * Draws.uniform(rng, 0.1, 0.3);
                    g.fill(new Ellipse2D.Double(
                            Draws.uniform(rng, -r, size - r),
                            Draws.uniform(rng, -r, size - r),
                            2 * r,
                            2 * r * Draws.uniform(rng, 0.5, 1.5)));
                }
            }
        }
        return new Color[] {a, b};
    }

    /**
     * A random colour darker or lighter than every background colour by at least {@link
     * #MIN_LUMA_GAP} in luma, so also than every blend of them (gradients, blotch edges). Black or
     * white when 200 draws miss; with the background spread bounded, one of them always qualifies.
     */
    private static Color contrasting(Color[] background, RandomGenerator rng) {
        for (int attempt = 0; attempt < 200; attempt++) {
            Color c = randomColour(rng);
            if (gap(c, background) >= MIN_LUMA_GAP) {
                return c;
            }
        }
        return gap(Color.BLACK, background) >= gap(Color.WHITE, background) ? Color.BLACK : Color.WHITE;
    }

    /** The smallest luma distance to the background when all of it lies on one side of {@code c}, else 0. */
    private static double gap(Color c, Color[] background) {
        double below = Double.MAX_VALUE;
        double above = Double.MAX_VALUE;
        for (Color b : background) {
            double d = luma(c) - luma(b);
            below = Math.min(below, d);
            above = Math.min(above, -d);
        }
        return Math.max(0, Math.max(below, above));
    }

    private static double luma(Color c) {
        return 0.299 * c.getRed() + 0.587 * c.getGreen() + 0.114 * c.getBlue();
    }

    private static Color randomColour(RandomGenerator rng) {
        return new Color(rng.nextInt(256), rng.nextInt(256), rng.nextInt(256));
    }

    /** Adds independent Gaussian noise of standard deviation {@code sigma} to every sample. */
    private static void addNoise(BufferedImage image, double sigma, RandomGenerator rng) {
        int size = image.getWidth();
        int[] rgb = image.getRGB(0, 0, size, size, null, 0, size);
        for (int i = 0; i < rgb.length; i++) {
            int p = rgb[i];
            int r = noisy((p >> 16) & 0xFF, sigma, rng);
            int gr = noisy((p >> 8) & 0xFF, sigma, rng);
            int b = noisy(p & 0xFF, sigma, rng);
            rgb[i] = (r << 16) | (gr << 8) | b;
        }
        image.setRGB(0, 0, size, size, rgb, 0, size);
    }

    private static int noisy(int v, double sigma, RandomGenerator rng) {
        return Math.max(0, Math.min(255, (int) Math.round(v + sigma * rng.nextGaussian())));
    }
}
