using NodaTime;
using NodaTime.Testing;

namespace Loyalty.Rules.Testing;

/// <summary>Fake clocks for tests (NodaTime's <see cref="FakeClock"/>), set in a program's local time.</summary>
public static class LoyaltyClock
{
    /// <summary>A fake clock at a local date and time of a zone (a program's <see cref="LoyaltyProgram.TimeZone"/>).</summary>
    /// <param name="local">The local date and time.</param>
    /// <param name="zone">The zone.</param>
    /// <returns>The clock; advance it with <see cref="FakeClock.Advance(Duration)"/>.</returns>
    public static FakeClock At(LocalDateTime local, DateTimeZone zone) => new(local.InZoneLeniently(zone).ToInstant());

    /// <summary>A fake clock at a local date and time in a program's zone.</summary>
    /// <param name="program">The program.</param>
    /// <param name="local">The local date and time.</param>
    /// <returns>The clock.</returns>
    public static FakeClock At(LoyaltyProgram program, LocalDateTime local) => At(local, program.TimeZone);
}
