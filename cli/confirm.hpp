// cli/confirm.hpp — asking before a downgrade throws data away.
#pragma once

#include <string>

#include "retort/commands.hpp"

namespace retort::cli {

/// The list shown before the question (and in the refusal): what ends at base, what is dropped where.
std::string data_loss_text(const DataLossReport& report);

/// The confirmation for RunOptions::confirm_data_loss. With standard input and standard error on a
/// terminal it shows data_loss_text and asks "[y/N]" (anything but y/yes, or end of input, is no);
/// otherwise it refuses with Error(ErrorCode::refused) naming --yes.
DataLossConfirm ask_before_data_loss();

} // namespace retort::cli
