// order.mjs
function validateField0(order) {
  const value = order.fields && order.fields["field0"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field0", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 100) {
    return { ok: false, field: "field0", reason: "too long" };
  }
  return { ok: true, field: "field0" };
}
function validateField1(order) {
  const value = order.fields && order.fields["field1"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field1", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 101) {
    return { ok: false, field: "field1", reason: "too long" };
  }
  return { ok: true, field: "field1" };
}
function validateField2(order) {
  const value = order.fields && order.fields["field2"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field2", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 102) {
    return { ok: false, field: "field2", reason: "too long" };
  }
  return { ok: true, field: "field2" };
}
function validateField3(order) {
  const value = order.fields && order.fields["field3"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field3", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 103) {
    return { ok: false, field: "field3", reason: "too long" };
  }
  return { ok: true, field: "field3" };
}
function validateField4(order) {
  const value = order.fields && order.fields["field4"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field4", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 104) {
    return { ok: false, field: "field4", reason: "too long" };
  }
  return { ok: true, field: "field4" };
}
function validateField5(order) {
  const value = order.fields && order.fields["field5"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field5", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 105) {
    return { ok: false, field: "field5", reason: "too long" };
  }
  return { ok: true, field: "field5" };
}
function validateField6(order) {
  const value = order.fields && order.fields["field6"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field6", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 106) {
    return { ok: false, field: "field6", reason: "too long" };
  }
  return { ok: true, field: "field6" };
}
function validateField7(order) {
  const value = order.fields && order.fields["field7"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field7", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 107) {
    return { ok: false, field: "field7", reason: "too long" };
  }
  return { ok: true, field: "field7" };
}
function validateField8(order) {
  const value = order.fields && order.fields["field8"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field8", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 108) {
    return { ok: false, field: "field8", reason: "too long" };
  }
  return { ok: true, field: "field8" };
}
function validateField9(order) {
  const value = order.fields && order.fields["field9"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field9", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 109) {
    return { ok: false, field: "field9", reason: "too long" };
  }
  return { ok: true, field: "field9" };
}
function validateField10(order) {
  const value = order.fields && order.fields["field10"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field10", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 110) {
    return { ok: false, field: "field10", reason: "too long" };
  }
  return { ok: true, field: "field10" };
}
function validateField11(order) {
  const value = order.fields && order.fields["field11"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field11", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 111) {
    return { ok: false, field: "field11", reason: "too long" };
  }
  return { ok: true, field: "field11" };
}
function validateField12(order) {
  const value = order.fields && order.fields["field12"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field12", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 112) {
    return { ok: false, field: "field12", reason: "too long" };
  }
  return { ok: true, field: "field12" };
}
function validateField13(order) {
  const value = order.fields && order.fields["field13"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field13", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 113) {
    return { ok: false, field: "field13", reason: "too long" };
  }
  return { ok: true, field: "field13" };
}
function validateField14(order) {
  const value = order.fields && order.fields["field14"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field14", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 114) {
    return { ok: false, field: "field14", reason: "too long" };
  }
  return { ok: true, field: "field14" };
}
function validateField15(order) {
  const value = order.fields && order.fields["field15"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field15", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 115) {
    return { ok: false, field: "field15", reason: "too long" };
  }
  return { ok: true, field: "field15" };
}
function validateField16(order) {
  const value = order.fields && order.fields["field16"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field16", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 116) {
    return { ok: false, field: "field16", reason: "too long" };
  }
  return { ok: true, field: "field16" };
}
function validateField17(order) {
  const value = order.fields && order.fields["field17"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field17", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 117) {
    return { ok: false, field: "field17", reason: "too long" };
  }
  return { ok: true, field: "field17" };
}
function validateField18(order) {
  const value = order.fields && order.fields["field18"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field18", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 118) {
    return { ok: false, field: "field18", reason: "too long" };
  }
  return { ok: true, field: "field18" };
}
function validateField19(order) {
  const value = order.fields && order.fields["field19"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field19", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 119) {
    return { ok: false, field: "field19", reason: "too long" };
  }
  return { ok: true, field: "field19" };
}
function validateField20(order) {
  const value = order.fields && order.fields["field20"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field20", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 120) {
    return { ok: false, field: "field20", reason: "too long" };
  }
  return { ok: true, field: "field20" };
}
function validateField21(order) {
  const value = order.fields && order.fields["field21"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field21", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 121) {
    return { ok: false, field: "field21", reason: "too long" };
  }
  return { ok: true, field: "field21" };
}
function validateField22(order) {
  const value = order.fields && order.fields["field22"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field22", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 122) {
    return { ok: false, field: "field22", reason: "too long" };
  }
  return { ok: true, field: "field22" };
}
function validateField23(order) {
  const value = order.fields && order.fields["field23"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field23", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 123) {
    return { ok: false, field: "field23", reason: "too long" };
  }
  return { ok: true, field: "field23" };
}
function validateField24(order) {
  const value = order.fields && order.fields["field24"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field24", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 124) {
    return { ok: false, field: "field24", reason: "too long" };
  }
  return { ok: true, field: "field24" };
}
function validateField25(order) {
  const value = order.fields && order.fields["field25"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field25", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 125) {
    return { ok: false, field: "field25", reason: "too long" };
  }
  return { ok: true, field: "field25" };
}
function validateField26(order) {
  const value = order.fields && order.fields["field26"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field26", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 126) {
    return { ok: false, field: "field26", reason: "too long" };
  }
  return { ok: true, field: "field26" };
}
function validateField27(order) {
  const value = order.fields && order.fields["field27"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field27", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 127) {
    return { ok: false, field: "field27", reason: "too long" };
  }
  return { ok: true, field: "field27" };
}
function validateField28(order) {
  const value = order.fields && order.fields["field28"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field28", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 128) {
    return { ok: false, field: "field28", reason: "too long" };
  }
  return { ok: true, field: "field28" };
}
function validateField29(order) {
  const value = order.fields && order.fields["field29"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field29", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 129) {
    return { ok: false, field: "field29", reason: "too long" };
  }
  return { ok: true, field: "field29" };
}
function validateField30(order) {
  const value = order.fields && order.fields["field30"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field30", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 130) {
    return { ok: false, field: "field30", reason: "too long" };
  }
  return { ok: true, field: "field30" };
}
function validateField31(order) {
  const value = order.fields && order.fields["field31"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field31", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 131) {
    return { ok: false, field: "field31", reason: "too long" };
  }
  return { ok: true, field: "field31" };
}
function validateField32(order) {
  const value = order.fields && order.fields["field32"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field32", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 132) {
    return { ok: false, field: "field32", reason: "too long" };
  }
  return { ok: true, field: "field32" };
}
function validateField33(order) {
  const value = order.fields && order.fields["field33"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field33", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 133) {
    return { ok: false, field: "field33", reason: "too long" };
  }
  return { ok: true, field: "field33" };
}
function validateField34(order) {
  const value = order.fields && order.fields["field34"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field34", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 134) {
    return { ok: false, field: "field34", reason: "too long" };
  }
  return { ok: true, field: "field34" };
}
function validateField35(order) {
  const value = order.fields && order.fields["field35"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field35", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 135) {
    return { ok: false, field: "field35", reason: "too long" };
  }
  return { ok: true, field: "field35" };
}
function validateField36(order) {
  const value = order.fields && order.fields["field36"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field36", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 136) {
    return { ok: false, field: "field36", reason: "too long" };
  }
  return { ok: true, field: "field36" };
}
function validateField37(order) {
  const value = order.fields && order.fields["field37"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field37", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 137) {
    return { ok: false, field: "field37", reason: "too long" };
  }
  return { ok: true, field: "field37" };
}
function validateField38(order) {
  const value = order.fields && order.fields["field38"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field38", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 138) {
    return { ok: false, field: "field38", reason: "too long" };
  }
  return { ok: true, field: "field38" };
}
function validateField39(order) {
  const value = order.fields && order.fields["field39"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field39", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 139) {
    return { ok: false, field: "field39", reason: "too long" };
  }
  return { ok: true, field: "field39" };
}
function validateField40(order) {
  const value = order.fields && order.fields["field40"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field40", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 140) {
    return { ok: false, field: "field40", reason: "too long" };
  }
  return { ok: true, field: "field40" };
}
function validateField41(order) {
  const value = order.fields && order.fields["field41"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field41", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 141) {
    return { ok: false, field: "field41", reason: "too long" };
  }
  return { ok: true, field: "field41" };
}
function validateField42(order) {
  const value = order.fields && order.fields["field42"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field42", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 142) {
    return { ok: false, field: "field42", reason: "too long" };
  }
  return { ok: true, field: "field42" };
}
function validateField43(order) {
  const value = order.fields && order.fields["field43"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field43", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 143) {
    return { ok: false, field: "field43", reason: "too long" };
  }
  return { ok: true, field: "field43" };
}
function validateField44(order) {
  const value = order.fields && order.fields["field44"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field44", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 144) {
    return { ok: false, field: "field44", reason: "too long" };
  }
  return { ok: true, field: "field44" };
}
function validateField45(order) {
  const value = order.fields && order.fields["field45"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field45", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 145) {
    return { ok: false, field: "field45", reason: "too long" };
  }
  return { ok: true, field: "field45" };
}
function validateField46(order) {
  const value = order.fields && order.fields["field46"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field46", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 146) {
    return { ok: false, field: "field46", reason: "too long" };
  }
  return { ok: true, field: "field46" };
}
function validateField47(order) {
  const value = order.fields && order.fields["field47"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field47", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 147) {
    return { ok: false, field: "field47", reason: "too long" };
  }
  return { ok: true, field: "field47" };
}
function validateField48(order) {
  const value = order.fields && order.fields["field48"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field48", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 148) {
    return { ok: false, field: "field48", reason: "too long" };
  }
  return { ok: true, field: "field48" };
}
function validateField49(order) {
  const value = order.fields && order.fields["field49"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field49", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 149) {
    return { ok: false, field: "field49", reason: "too long" };
  }
  return { ok: true, field: "field49" };
}
function validateField50(order) {
  const value = order.fields && order.fields["field50"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field50", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 150) {
    return { ok: false, field: "field50", reason: "too long" };
  }
  return { ok: true, field: "field50" };
}
function validateField51(order) {
  const value = order.fields && order.fields["field51"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field51", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 151) {
    return { ok: false, field: "field51", reason: "too long" };
  }
  return { ok: true, field: "field51" };
}
function validateField52(order) {
  const value = order.fields && order.fields["field52"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field52", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 152) {
    return { ok: false, field: "field52", reason: "too long" };
  }
  return { ok: true, field: "field52" };
}
function validateField53(order) {
  const value = order.fields && order.fields["field53"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field53", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 153) {
    return { ok: false, field: "field53", reason: "too long" };
  }
  return { ok: true, field: "field53" };
}
function validateField54(order) {
  const value = order.fields && order.fields["field54"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field54", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 154) {
    return { ok: false, field: "field54", reason: "too long" };
  }
  return { ok: true, field: "field54" };
}
function validateField55(order) {
  const value = order.fields && order.fields["field55"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field55", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 155) {
    return { ok: false, field: "field55", reason: "too long" };
  }
  return { ok: true, field: "field55" };
}
function validateField56(order) {
  const value = order.fields && order.fields["field56"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field56", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 156) {
    return { ok: false, field: "field56", reason: "too long" };
  }
  return { ok: true, field: "field56" };
}
function validateField57(order) {
  const value = order.fields && order.fields["field57"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field57", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 157) {
    return { ok: false, field: "field57", reason: "too long" };
  }
  return { ok: true, field: "field57" };
}
function validateField58(order) {
  const value = order.fields && order.fields["field58"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field58", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 158) {
    return { ok: false, field: "field58", reason: "too long" };
  }
  return { ok: true, field: "field58" };
}
function validateField59(order) {
  const value = order.fields && order.fields["field59"];
  if (value === void 0 || value === null) {
    return { ok: false, field: "field59", reason: "missing" };
  }
  if (typeof value === "string" && value.length > 159) {
    return { ok: false, field: "field59", reason: "too long" };
  }
  return { ok: true, field: "field59" };
}
var validators = [validateField0, validateField1, validateField2, validateField3, validateField4, validateField5, validateField6, validateField7, validateField8, validateField9, validateField10, validateField11, validateField12, validateField13, validateField14, validateField15, validateField16, validateField17, validateField18, validateField19, validateField20, validateField21, validateField22, validateField23, validateField24, validateField25, validateField26, validateField27, validateField28, validateField29, validateField30, validateField31, validateField32, validateField33, validateField34, validateField35, validateField36, validateField37, validateField38, validateField39, validateField40, validateField41, validateField42, validateField43, validateField44, validateField45, validateField46, validateField47, validateField48, validateField49, validateField50, validateField51, validateField52, validateField53, validateField54, validateField55, validateField56, validateField57, validateField58, validateField59];
var handler = async (event) => {
  const order = typeof event.body === "string" ? JSON.parse(event.body) : event;
  const problems = validators.map((v) => v(order)).filter((r) => !r.ok);
  return { statusCode: problems.length ? 400 : 200, body: JSON.stringify({ problems }) };
};
export {
  handler
};
