package dev.sightline.sandbox.world;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.regex.Pattern;

import com.github.f4b6a3.uuid.codec.base.BaseNCodec;
import com.github.f4b6a3.uuid.factory.standard.TimeOrderedEpochFactory;

/**
 * TypeIDs, as Arcjet names teams and sites: a type prefix, an underscore and a UUIDv7 written as
 * 26 characters of lowercase Crockford base32 ({@code site_01k...}). Real ones are random; the
 * sandbox's are drawn from its seed, so the same seed gives the same ids in every run and in
 * every process, which clients that remember a site's id rely on.
 */
public final class TypeIds {

    /** TypeID's alphabet. Written in base 32, a 128-bit UUID is exactly the spec's 26 characters (the first one at most 7). */
    private static final BaseNCodec CROCKFORD = BaseNCodec.newInstance("0123456789abcdefghjkmnpqrstvwxyz");
    private static final Pattern SHAPE = Pattern.compile("^[a-z]([a-z_]{0,61}[a-z])?_[0-7][0-9a-hjkmnp-tv-z]{25}$");

    private TypeIds() {
    }

    /**
     * The TypeID of one entity: its UUIDv7 carries {@code time} (to the millisecond, and a
     * sub-millisecond fraction drawn like the rest) and random bits drawn from the seed and what
     * tells the entity apart ({@code key}, e.g. its name), so a seed gives every entity its own.
     */
    public static String of(String prefix, Instant time, long seed, String key) {
        // A name-based UUID spreads seeds and keys that differ in one digit or letter far apart.
        UUID origin = UUID.nameUUIDFromBytes((seed + "/" + prefix + "/" + key).getBytes(StandardCharsets.UTF_8));
        SplittableRandom random = new SplittableRandom(origin.getMostSignificantBits() ^ origin.getLeastSignificantBits());
        // UUIDv7 fills its 12 "rand_a" bits with the time's sub-millisecond fraction when it has one.
        Instant precise = time.truncatedTo(ChronoUnit.MILLIS).plusNanos(random.nextLong(1_000_000L));
        UUID uuid = TimeOrderedEpochFactory.builder().withRandomFunction(random::nextLong).withInstantFunction(() -> precise)
                .build().create();
        return prefix + "_" + CROCKFORD.encode(uuid);
    }

    /** Whether the text is shaped like a TypeID with this prefix. */
    public static boolean isTypeId(String prefix, String text) {
        return text != null && text.startsWith(prefix + "_") && SHAPE.matcher(text).matches();
    }

    /** The UUID a TypeID stands for. */
    public static UUID uuid(String typeId) {
        return CROCKFORD.decode(typeId.substring(typeId.lastIndexOf('_') + 1));
    }
}
