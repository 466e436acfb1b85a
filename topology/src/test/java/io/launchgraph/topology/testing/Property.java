package io.launchgraph.topology.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A small property-based test runner: generates {@code tries} values from seeded randomness, and
 * when the property fails, shrinks the value by trying the candidates the shrinker proposes while
 * the property still fails, then reports the smallest failing value and the seed.
 *
 * <p>Reproduce a failure with {@code -Dlaunchgraph.seed=<seed>} (and {@code -Dlaunchgraph.tries=1}
 * for just that try); {@code -Dlaunchgraph.tries=N} also scales the run.
 */
public final class Property<T> {
    private final String name;
    private final Function<Random, T> generator;
    private Function<T, Stream<T>> shrinker = value -> Stream.empty();
    private int tries;
    private int maxShrinkSteps = 2_000;

    private Property(String name, int tries, Function<Random, T> generator) {
        this.name = name;
        this.tries = Integer.getInteger("launchgraph.tries", tries);
        this.generator = generator;
    }

    public static <T> Property<T> forAll(String name, int tries, Function<Random, T> generator) {
        return new Property<>(name, tries, generator);
    }

    public Property<T> shrinkWith(Function<T, Stream<T>> shrinker) {
        this.shrinker = shrinker;
        return this;
    }

    public void check(Consumer<T> property) {
        long baseSeed = Long.getLong("launchgraph.seed", new Random().nextLong());
        for (int i = 0; i < tries; i++) {
            long seed = baseSeed + i;
            T value = generator.apply(new Random(seed));
            Throwable failure = failureOf(property, value);
            if (failure != null) {
                throw report(property, value, failure, seed, i);
            }
        }
    }

    private AssertionError report(Consumer<T> property, T original, Throwable originalFailure, long seed, int attempt) {
        T smallest = original;
        Throwable smallestFailure = originalFailure;
        int steps = 0;
        boolean progress = true;
        while (progress && steps < maxShrinkSteps) {
            progress = false;
            for (T candidate : (Iterable<T>) shrinker.apply(smallest)::iterator) {
                if (++steps > maxShrinkSteps) {
                    break;
                }
                Throwable f = failureOf(property, candidate);
                if (f != null) {
                    smallest = candidate;
                    smallestFailure = f;
                    progress = true;
                    break;
                }
            }
        }
        AssertionError error = new AssertionError(String.format(
                "Property '%s' failed on try %d (seed %d; reproduce with -Dlaunchgraph.seed=%d -Dlaunchgraph.tries=1)%n"
                        + "after %d shrink steps, smallest failing value:%n%s%nfailure: %s",
                name, attempt + 1, seed, seed, steps, smallest, smallestFailure));
        error.initCause(smallestFailure);
        return error;
    }

    private static <T> Throwable failureOf(Consumer<T> property, T value) {
        try {
            property.accept(value);
            return null;
        } catch (AssertionError | RuntimeException e) {
            return e;
        }
    }

    /**
     * Shrink candidates of a list: without a contiguous half, quarter, ... down to each single
     * element (delta debugging), largest removals first.
     */
    public static <E> Stream<List<E>> shrinkList(List<E> list) {
        List<Integer> sizes = new ArrayList<>();
        for (int size = list.size() / 2; size >= 1; size /= 2) {
            sizes.add(size);
        }
        return sizes.stream().flatMap(size -> {
            List<List<E>> candidates = new ArrayList<>();
            for (int from = 0; from < list.size(); from += size) {
                List<E> candidate = new ArrayList<>(list.subList(0, from));
                candidate.addAll(list.subList(Math.min(list.size(), from + size), list.size()));
                candidates.add(candidate);
            }
            return candidates.stream();
        });
    }
}
