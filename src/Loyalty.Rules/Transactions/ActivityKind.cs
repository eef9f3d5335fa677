namespace Loyalty.Rules;

/// <summary>Kinds of non-purchase events that can earn points.</summary>
public enum ActivityKind
{
    /// <summary>The member signed up.</summary>
    SignUp,

    /// <summary>The member completed their profile.</summary>
    ProfileCompleted,

    /// <summary>The member wrote a review.</summary>
    Review,

    /// <summary>The member shared on a social network.</summary>
    SocialShare,

    /// <summary>The member checked in (at a store or event).</summary>
    CheckIn,

    /// <summary>The member's birthday.</summary>
    Birthday,

    /// <summary>A program-specific activity named by <see cref="ActivityEvent.CustomName"/>.</summary>
    Custom,
}
