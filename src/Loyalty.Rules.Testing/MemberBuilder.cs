using System.Collections.Generic;
using NodaTime;

namespace Loyalty.Rules.Testing;

/// <summary>Builds a <see cref="MemberContext"/> with sensible defaults (member "M1", no tier, not a first purchase).</summary>
/// <example><code>var member = new MemberBuilder("ana").InTier("Gold").WithSegments("vip").Build();</code></example>
public sealed class MemberBuilder
{
    private readonly string memberId;
    private readonly List<string> segments = [];
    private string? tierId;
    private bool firstPurchase;
    private LocalDate? enrolledOn;
    private AnnualDate? birthday;

    /// <summary>Starts a member.</summary>
    /// <param name="memberId">The member id (default "M1").</param>
    public MemberBuilder(string memberId = "M1") => this.memberId = memberId;

    /// <summary>The member's tier.</summary>
    /// <param name="value">The tier id.</param>
    /// <returns>This builder.</returns>
    public MemberBuilder InTier(string value)
    {
        tierId = value;
        return this;
    }

    /// <summary>The evaluated purchase is the member's first.</summary>
    /// <returns>This builder.</returns>
    public MemberBuilder OnFirstPurchase()
    {
        firstPurchase = true;
        return this;
    }

    /// <summary>When the member enrolled.</summary>
    /// <param name="value">The local date.</param>
    /// <returns>This builder.</returns>
    public MemberBuilder EnrolledOn(LocalDate value)
    {
        enrolledOn = value;
        return this;
    }

    /// <summary>The member's birthday.</summary>
    /// <param name="value">The birthday.</param>
    /// <returns>This builder.</returns>
    public MemberBuilder BornOn(AnnualDate value)
    {
        birthday = value;
        return this;
    }

    /// <summary>Segment tags.</summary>
    /// <param name="values">The tags.</param>
    /// <returns>This builder.</returns>
    public MemberBuilder WithSegments(params string[] values)
    {
        segments.AddRange(values);
        return this;
    }

    /// <summary>Builds the member context.</summary>
    /// <returns>The member context.</returns>
    public MemberContext Build() => new(memberId, tierId, firstPurchase, enrolledOn, birthday, segments);
}
