// cli/edit.hpp — `retort edit REV`: the revision's file in the user's editor.
#pragma once

#include <string>

namespace retort::cli {

/// Runs $EDITOR (else $VISUAL) on `file` through /bin/sh, so EDITOR may carry arguments ("code -w"),
/// and waits for it. Throws Error(ErrorCode::environment) when neither is set or the editor
/// cannot be started, and Error(ErrorCode::refused) when it exits with a failure.
void open_in_editor(const std::string& file);

} // namespace retort::cli
