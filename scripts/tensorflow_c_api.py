"""The TensorFlow side of `npm run native-tf`: finds TensorFlow's C libraries and C-API headers.

    python tensorflow_c_api.py wheel BINDING_DIRS WHEEL LIB_DIR INCLUDE_DIR   # unzip them out of a pip wheel
    python tensorflow_c_api.py installed BINDING_DIRS INCLUDE_DIR            # the TensorFlow this Python has

Copies the TensorFlow headers that the sources in BINDING_DIRS (folders joined by os.pathsep: tfjs-node's
binding and the project's native-ops; their *.cc, *.h) include, and
what those include in turn, from TensorFlow's include folder into INCLUDE_DIR, the two libraries
into LIB_DIR (wheel only), and prints one JSON line: the distribution, its version, whether it is a
CUDA build, and where the libraries are. Exits 2 with {"error": ...} when something is missing.
"""
import json
import os
import re
import shutil
import sys
import zipfile

LIBRARIES = ["libtensorflow_cc.so.2", "libtensorflow_framework.so.2"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def binding_includes(binding_dirs):
    """Every quoted #include of the sources in the folders (their own headers among them: they are not in TensorFlow's tree)."""
    names = []
    for binding_dir in binding_dirs.split(os.pathsep):
        for f in sorted(os.listdir(binding_dir)):
            if f.endswith((".cc", ".h")):
                with open(os.path.join(binding_dir, f), encoding="utf-8") as src:
                    names.extend(INCLUDE.findall(src.read()))
    return names


def header_closure(read, roots):
    """The headers `roots` name that TensorFlow's include folder has, and what they include: {path: text}."""
    found, pending = {}, list(roots)
    while pending:
        name = pending.pop()
        if name in found:
            continue
        text = read(name)
        if text is None:
            continue  # the binding's own header, or one outside TensorFlow's tree: the compiler names it if needed
        found[name] = text
        pending.extend(INCLUDE.findall(text))
    if "tensorflow/c/c_api.h" not in found:
        raise LookupError("TensorFlow's include folder has no tensorflow/c/c_api.h")
    return found


def normalized(name):
    """A distribution's name as pip spells it (PEP 503): tensorflow_cpu is tensorflow-cpu."""
    return re.sub(r"[-_.]+", "-", name).lower()


def write_headers(headers, include_dir):
    for name, text in headers.items():
        target = os.path.join(include_dir, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8") as f:
            f.write(text)


def is_cuda_build(build_info):
    """Whether tensorflow/python/platform/build_info.py says the build uses CUDA."""
    return re.search(r"'is_cuda_build',\s*True", build_info or "") is not None


def from_wheel(binding_dirs, wheel, lib_dir, include_dir):
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        missing = [lib for lib in LIBRARIES if f"tensorflow/{lib}" not in names]
        if missing:
            raise LookupError(f"{os.path.basename(wheel)} has no {', '.join(missing)} (is it a TensorFlow 2.x wheel for Linux?)")

        def read(name):
            entry = f"tensorflow/include/{name}"
            return z.read(entry).decode("utf-8") if entry in names else None

        write_headers(header_closure(read, binding_includes(binding_dirs)), include_dir)
        os.makedirs(lib_dir, exist_ok=True)
        for lib in LIBRARIES:
            with z.open(f"tensorflow/{lib}") as src, open(os.path.join(lib_dir, lib), "wb") as dst:
                shutil.copyfileobj(src, dst, 16 << 20)
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        fields = dict(re.findall(r"^(Name|Version): (.+)$", z.read(metadata).decode("utf-8"), re.M))
        build_info = z.read("tensorflow/python/platform/build_info.py").decode("utf-8") if "tensorflow/python/platform/build_info.py" in names else None
    return {"distribution": normalized(fields["Name"]), "version": fields["Version"], "cudaBuild": is_cuda_build(build_info), "libDir": os.path.abspath(lib_dir)}


def installed(binding_dirs, include_dir):
    import importlib.metadata
    import importlib.util

    spec = importlib.util.find_spec("tensorflow")  # finds the package without importing (and starting) it
    if spec is None or not spec.submodule_search_locations:
        raise LookupError(f"{sys.executable} has no tensorflow package (pip install tensorflow-cpu, or 'tensorflow[and-cuda]' for CUDA)")
    location = list(spec.submodule_search_locations)[0]
    missing = [lib for lib in LIBRARIES if not os.path.exists(os.path.join(location, lib))]
    if missing:
        raise LookupError(f"{location} has no {', '.join(missing)} (is it TensorFlow 2.x for Linux?)")

    def read(name):
        path = os.path.join(location, "include", name)
        if not os.path.exists(path):
            return None
        with open(path, encoding="utf-8") as f:
            return f.read()

    write_headers(header_closure(read, binding_includes(binding_dirs)), include_dir)
    distribution = (importlib.metadata.packages_distributions().get("tensorflow") or ["tensorflow"])[0]
    build_info_file = os.path.join(location, "python", "platform", "build_info.py")
    build_info = open(build_info_file, encoding="utf-8").read() if os.path.exists(build_info_file) else None
    return {
        "distribution": normalized(distribution),
        "version": importlib.metadata.version(distribution),
        "cudaBuild": is_cuda_build(build_info),
        "libDir": location,
        "nvidiaPackages": sorted(os.listdir(os.path.join(location, "..", "nvidia"))) if os.path.isdir(os.path.join(location, "..", "nvidia")) else [],
    }


def main(argv):
    try:
        if argv[:1] == ["wheel"] and len(argv) == 5:
            result = from_wheel(*argv[1:])
        elif argv[:1] == ["installed"] and len(argv) == 3:
            result = installed(*argv[1:])
        else:
            raise LookupError(__doc__.strip().split("\n\n")[1].strip())
    except (LookupError, OSError, zipfile.BadZipFile) as e:
        print(json.dumps({"error": str(e)}))
        return 2
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
