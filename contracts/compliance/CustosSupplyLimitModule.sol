// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {CustosModule} from "./CustosModule.sol";

/// @title CustosSupplyLimitModule
/// @notice Refuses a mint that would take the token's total supply above its
///         limit (0: no limit). Transfers and burns are not concerned.
contract CustosSupplyLimitModule is CustosModule {
    event SupplyLimitSet(address indexed compliance, uint256 limit);

    /// @notice The largest total supply of the token bound to `compliance`, in base units (0: none).
    mapping(address compliance => uint256 limit) public supplyLimitOf;

    function setSupplyLimit(uint256 limit) external onlyBoundCompliance {
        supplyLimitOf[msg.sender] = limit;
        emit SupplyLimitSet(msg.sender, limit);
    }

    function moduleCheck(address from, address, uint256 value, address compliance) external view returns (bool) {
        if (from != address(0)) return true;
        uint256 limit = supplyLimitOf[compliance];
        return limit == 0 || _token(compliance).totalSupply() + value <= limit;
    }

    function moduleTransferAction(address, address, uint256) external {}

    function moduleMintAction(address, uint256) external {}

    function moduleBurnAction(address, uint256) external {}

    function name() external pure returns (string memory) {
        return "CustosSupplyLimitModule";
    }

    function restrictionCode() external pure returns (uint8) {
        return 11;
    }
}
