package dev.sightline.ask.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Two daily series read together: drops found against the days before them, weekly rhythm aside, and correlation by lag. */
class PairingTests {

    /** Four weeks from a Monday: 140 on weekdays, 90 at weekends, with a little noise that repeats. */
    static List<Double> weeks(int days) {
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            values.add((i % 7 >= 5 ? 90.0 : 140.0) + (i % 3) * 3);
        }
        return values;
    }

    static List<Boolean> weekends(int days) {
        List<Boolean> weekend = new ArrayList<>();
        for (int i = 0; i < days; i++) {
            weekend.add(i % 7 >= 5);
        }
        return weekend;
    }

    @Test
    void weekendsAreNotDrops() {
        // Every weekend is a third lower than the weekdays: the rhythm of the business, not an event.
        assertThat(Pairing.drop(weeks(28), weekends(28))).isNull();
    }

    @Test
    void aFallToALowerLevelIsFoundOnItsFirstDay() {
        List<Double> values = weeks(28);
        for (int i = 17; i < 28; i++) {
            values.set(i, values.get(i) * 0.55);
        }
        Pairing.Drop drop = Pairing.drop(values, weekends(28));
        assertThat(drop).isNotNull();
        assertThat(drop.index()).isEqualTo(17);
        assertThat(drop.fall()).isGreaterThan(Pairing.DROP);
    }

    @Test
    void aSmallDipIsNoDrop() {
        List<Double> values = weeks(28);
        values.set(20, values.get(20) * 0.9);
        assertThat(Pairing.drop(values, weekends(28))).isNull();
    }

    @Test
    void tooFewDaysOrNoValuesGiveNoDrop() {
        assertThat(Pairing.drop(List.of(10.0, 1.0, 1.0), List.of(false, false, false))).isNull();
        List<Double> empty = new ArrayList<>(Collections.nCopies(10, (Double) null));
        assertThat(Pairing.drop(empty, weekends(10))).isNull();
    }

    @Test
    void correlationIsReadAtTheLagGiven() {
        List<Double> a = Arrays.asList(1.0, 2.0, 3.0, 10.0, 2.0, 1.0, 2.0, 3.0);
        List<Double> later = Arrays.asList(5.0, 5.0, 4.0, 3.0, -4.0, 3.0, 4.0, 3.0);
        // The second series falls one day after the first rises.
        assertThat(Pairing.correlation(a, later, 1)).isLessThan(-0.9);
        assertThat(Math.abs(Pairing.correlation(a, later, 0))).isLessThan(0.5);
    }

    @Test
    void correlationNeedsFiveDaysAndSomeMovement() {
        assertThat(Pairing.correlation(List.of(1.0, 2.0, 3.0), List.of(3.0, 2.0, 1.0), 0)).isNaN();
        assertThat(Pairing.correlation(List.of(1.0, 1.0, 1.0, 1.0, 1.0), List.of(1.0, 2.0, 3.0, 4.0, 5.0), 0)).isNaN();
        assertThat(Pairing.correlation(List.of(1.0, 2.0, 3.0, 4.0, 5.0), List.of(2.0, 4.0, 6.0, 8.0, 10.0), 0)).isCloseTo(1.0, within(1e-9));
    }
}
