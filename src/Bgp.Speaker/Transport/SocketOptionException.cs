using System.Net.Sockets;

namespace Bgp.Speaker.Transport;

/// <summary>A <c>setsockopt(2)</c> call failed; the message names the option, the errno and the likely cause.</summary>
public sealed class SocketOptionException : SocketException
{
    public SocketOptionException(string optionName, int errno, string errnoName, string hint)
        : base((int)SocketError.SocketError)
    {
        OptionName = optionName;
        Errno = errno;
        Message = $"setsockopt {optionName} failed: errno {errno} ({errnoName}); {hint}";
    }

    public string OptionName { get; }

    /// <summary>The Linux errno, e.g. 1 for EPERM.</summary>
    public int Errno { get; }

    public override string Message { get; }
}
