package io.raftkv.tester.op;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** A weighted choice among functions, e.g. read 2, write 1, cas 1. */
public record Mix(List<Weighted> choices) {

    public record Weighted(String f, int weight) {
        public Weighted {
            if (weight <= 0) {
                throw new IllegalArgumentException("weight of " + f + " must be positive");
            }
        }
    }

    public Mix {
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("empty mix");
        }
    }

    public static Mix of(Object... fAndWeight) {
        var list = new ArrayList<Weighted>();
        for (int i = 0; i < fAndWeight.length; i += 2) {
            list.add(new Weighted((String) fAndWeight[i], (Integer) fAndWeight[i + 1]));
        }
        return new Mix(list);
    }

    public String pick(Random random) {
        int total = choices.stream().mapToInt(Weighted::weight).sum();
        int r = random.nextInt(total);
        for (var c : choices) {
            r -= c.weight();
            if (r < 0) {
                return c.f();
            }
        }
        throw new AssertionError();
    }
}
