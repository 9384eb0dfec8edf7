using System.Runtime.InteropServices;

namespace Ccs.Devices;

/// <summary>
/// GPU memory from NVML (<c>libnvidia-ml.so.1</c>, installed with the NVIDIA driver), which the original reads
/// through pynvml (ccs/utils/gpu_utils.py <c>select_usable_devices</c>); TorchSharp 0.107 has no memory query.
/// The library is loaded at run time, so machines without the driver simply get no probe.
/// </summary>
internal sealed class NvmlMemoryProbe : IGpuMemoryProbe
{
    private const string Library = "libnvidia-ml.so.1";

    [StructLayout(LayoutKind.Sequential)]
    private struct NvmlMemory
    {
        public ulong Total;
        public ulong Free;
        public ulong Used;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int NoArguments();

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetCount(out uint count);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetHandle(uint index, out IntPtr device);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int GetMemory(IntPtr device, out NvmlMemory memory);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate IntPtr ErrorString(int result);

    private readonly IntPtr _library;
    private readonly NoArguments _shutdown;
    private readonly GetHandle _getHandle;
    private readonly GetMemory _getMemory;
    private readonly ErrorString _errorString;
    private bool _disposed;

    public int InstalledCount { get; }

    private NvmlMemoryProbe(IntPtr library, int installedCount, NoArguments shutdown, GetHandle getHandle, GetMemory getMemory, ErrorString errorString)
    {
        _library = library;
        InstalledCount = installedCount;
        _shutdown = shutdown;
        _getHandle = getHandle;
        _getMemory = getMemory;
        _errorString = errorString;
    }

    /// <summary>Loads and initialises NVML; null, with the reason, when either fails.</summary>
    public static NvmlMemoryProbe? TryOpen(out string? failure)
    {
        if (!NativeLibrary.TryLoad(Library, out IntPtr library))
        {
            failure = $"{Library} could not be loaded";
            return null;
        }
        NoArguments init, shutdown;
        GetCount getCount;
        GetHandle getHandle;
        GetMemory getMemory;
        ErrorString errorString;
        try
        {
            init = Function<NoArguments>(library, "nvmlInit_v2");
            shutdown = Function<NoArguments>(library, "nvmlShutdown");
            getCount = Function<GetCount>(library, "nvmlDeviceGetCount_v2");
            getHandle = Function<GetHandle>(library, "nvmlDeviceGetHandleByIndex_v2");
            getMemory = Function<GetMemory>(library, "nvmlDeviceGetMemoryInfo");
            errorString = Function<ErrorString>(library, "nvmlErrorString");
        }
        catch (EntryPointNotFoundException e)
        {
            NativeLibrary.Free(library);
            failure = e.Message;
            return null;
        }

        int status = init();
        if (status == 0)
        {
            status = getCount(out uint count);
            if (status == 0)
            {
                failure = null;
                return new NvmlMemoryProbe(library, checked((int)count), shutdown, getHandle, getMemory, errorString);
            }
            failure = $"nvmlDeviceGetCount_v2 failed: {Marshal.PtrToStringUTF8(errorString(status))}";
            shutdown();
        }
        else
        {
            failure = $"nvmlInit_v2 failed: {Marshal.PtrToStringUTF8(errorString(status))}";
        }
        NativeLibrary.Free(library);
        return null;
    }

    public IReadOnlyList<GpuMemory> Read()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new GpuMemory[InstalledCount];
        for (int i = 0; i < InstalledCount; i++)
        {
            Check(_getHandle((uint)i, out IntPtr device), "nvmlDeviceGetHandleByIndex_v2", i);
            Check(_getMemory(device, out NvmlMemory memory), "nvmlDeviceGetMemoryInfo", i);
            result[i] = new GpuMemory(i, checked((long)memory.Total), checked((long)memory.Free));
        }
        return result;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _shutdown();
        NativeLibrary.Free(_library);
    }

    private void Check(int status, string function, int index)
    {
        if (status != 0) throw new GpuQueryException($"{function} of GPU {index}: {Marshal.PtrToStringUTF8(_errorString(status))}");
    }

    private static T Function<T>(IntPtr library, string name) where T : Delegate =>
        Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(library, name));
}
