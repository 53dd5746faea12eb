package assessment

import "nscl/internal/fault"

// The codes of the shipped schemes.
const (
	Code5S         = "5s"
	CodeTools      = "kaizen-lean-tpm"
	CodeExcellence = "gtclqg-1000"
)

// ShippedSchemes returns the schemes delivered with the platform: "Thực
// hành tốt 5S", the improvement-tool scheme (Kaizen, Lean, TPM) and the
// 1000-point excellence framework of the National Quality Award. Each call
// builds fresh values: a caller may change what it gets.
func ShippedSchemes() []Shipped {
	return []Shipped{shipped5S(), shippedTools(), shippedExcellence()}
}

// shT is a text in both languages.
func shT(vi, en string) fault.Text { return fault.Text{Vi: vi, En: en} }

// shItem is one item of a shipped body: its text, how to judge it and the
// evidence to show.
func shItem(key string, text, guidance, evidence fault.Text, allowNA bool) Item {
	return Item{Key: key, Text: text, Guidance: guidance, Evidence: evidence, AllowNA: allowNA}
}

// shLevels are the programme's levels for the 0–4 schemes.
func shLevels() []Level {
	return []Level{
		{Code: "dat", Name: shT("Đạt", "Pass"), MinPct: 60},
		{Code: "tot", Name: shT("Tốt", "Good"), MinPct: 75},
		{Code: "xuat-sac", Name: shT("Xuất sắc", "Excellent"), MinPct: 90},
	}
}

func shipped5S() Shipped {
	const na = true
	return Shipped{
		Scheme: Scheme{
			Code: Code5S, Kind: Kind5S, Tools: []string{"5s"}, ValidityMonths: 36,
			Name: shT("Thực hành tốt 5S", "5S good practice"),
		},
		Note: "Phiên bản đầu tiên do nền tảng cung cấp. Thang điểm 0–4 theo thực hành phổ biến tại Việt Nam; " +
			"ngưỡng Đạt 60 %, Tốt 75 %, Xuất sắc 90 % là thiết lập của Chương trình, không phải quy định pháp luật " +
			"(không có ngưỡng đạt quốc gia cho 5S). / First version shipped with the platform. The 0–4 scale follows " +
			"common Vietnamese practice; the thresholds Pass 60 %, Good 75 %, Excellent 90 % are programme settings, " +
			"not law (there is no national pass mark for 5S).",
		Body: Body{
			Scale: Scale{Min: 0, Max: 4, Labels: []ScaleLabel{
				{0, shT("Không thực hiện: chưa có hoạt động nào", "Not done: no activity at all")},
				{1, shT("Mới bắt đầu: làm rời rạc, phụ thuộc vào cá nhân", "Started: sporadic, depends on individuals")},
				{2, shT("Thực hiện một phần: có ở một số khu vực, chưa đều", "Partly done: in some areas, uneven")},
				{3, shT("Thực hiện phần lớn: có ở hầu hết khu vực và được duy trì", "Mostly done: in most areas and kept up")},
				{4, shT("Thực hiện đầy đủ: ở mọi khu vực, thành thói quen, có cải tiến", "Fully done: everywhere, a habit, improved")},
			}},
			Levels: shLevels(),
			Sections: []Section{
				{Key: "s1", Name: shT("Sàng lọc (Seiri)", "Sort (Seiri)"), Items: []Item{
					shItem("s1.1",
						shT("Vật dụng không cần thiết đã được loại khỏi khu vực làm việc", "Unneeded items have been removed from the work area"),
						shT("Đi một vòng khu vực: 4 điểm khi không còn vật dụng nào không dùng đến; 0 điểm khi vật dụng thừa chiếm chỗ làm việc, lối đi.",
							"Walk the area: 4 when nothing unused is left; 0 when surplus items take up work space or aisles."),
						shT("Quan sát hiện trường; ảnh trước và sau khi sàng lọc; danh sách vật dụng đã loại bỏ.",
							"Observation on site; photos before and after sorting; list of items removed."), false),
					shItem("s1.2",
						shT("Có tiêu chí phân loại vật dụng cần và không cần theo tần suất sử dụng", "There are criteria for needed and unneeded items by frequency of use"),
						shT("Tiêu chí phải bằng văn bản, được người lao động biết và áp dụng (ví dụ: dùng hằng ngày để tại chỗ, hằng tháng để trong kho).",
							"The criteria are written, known to the workers and applied (e.g. daily use stays at hand, monthly use goes to the store)."),
						shT("Quy định sàng lọc; phỏng vấn 2–3 người lao động về cách phân loại.",
							"The sorting rule; ask 2–3 workers how they sort."), false),
					shItem("s1.3",
						shT("Có khu vực tạm giữ (thẻ đỏ) và vật dụng chờ quyết định được xử lý đúng hạn", "There is a red-tag holding area and items awaiting a decision are dealt with on time"),
						shT("Vật dụng gắn thẻ đỏ ghi ngày, người gắn và hạn xử lý; không có thẻ quá hạn.",
							"Red-tagged items show the date, who tagged them and a deadline; no tag is overdue."),
						shT("Khu vực thẻ đỏ; sổ theo dõi thẻ đỏ; biên bản thanh lý.",
							"The red-tag area; the red-tag log; disposal records."), false),
					shItem("s1.4",
						shT("Nguyên vật liệu, bán thành phẩm không vượt quá nhu cầu của ca làm việc", "Materials and work in progress do not exceed what the shift needs"),
						shT("So sánh lượng vật tư tại chỗ với kế hoạch ca. Chọn N/A ở khu vực văn phòng không có vật tư.",
							"Compare the stock at the workplace with the shift plan. N/A for office areas without materials."),
						shT("Kế hoạch sản xuất ca; quan sát lượng vật tư tại máy, tại chuyền.",
							"The shift's production plan; the stock seen at machines and lines."), na),
					shItem("s1.5",
						shT("Tài liệu, hồ sơ, thông báo lỗi thời đã được loại bỏ", "Obsolete documents, records and notices have been removed"),
						shT("Bảng tin, tủ hồ sơ, máy tính dùng chung không còn tài liệu hết hiệu lực.",
							"Notice boards, cabinets and shared computers hold no outdated documents."),
						shT("Bảng tin; danh mục tài liệu còn hiệu lực; kiểm tra ngẫu nhiên một tủ hồ sơ.",
							"Notice boards; the list of documents in force; a random check of one cabinet."), false),
					shItem("s1.6",
						shT("Máy móc, thiết bị, dụng cụ hỏng hoặc không dùng đã được xử lý", "Broken or unused machines, equipment and tools have been dealt with"),
						shT("Thiết bị hỏng được sửa, chuyển kho hoặc thanh lý; không để lẫn với thiết bị đang dùng.",
							"Broken equipment is repaired, moved to the store or disposed of; never mixed with equipment in use."),
						shT("Danh sách thiết bị và tình trạng; biên bản sửa chữa, thanh lý.",
							"The equipment list with its status; repair and disposal records."), false),
				}},
				{Key: "s2", Name: shT("Sắp xếp (Seiton)", "Set in order (Seiton)"), Items: []Item{
					shItem("s2.1",
						shT("Mỗi vật dụng có vị trí cố định và được ghi nhãn", "Every item has a fixed, labelled place"),
						shT("Kiểm tra ngẫu nhiên 10 vật dụng: đủ 10 đúng chỗ có nhãn là 4 điểm.",
							"Check 10 items at random: all 10 in a labelled place scores 4."),
						shT("Sơ đồ bố trí; nhãn, bảng tên vị trí; quan sát hiện trường.",
							"The layout plan; labels and location signs; observation on site."), false),
					shItem("s2.2",
						shT("Lối đi, khu vực làm việc, khu vực để hàng được kẻ vạch và phân định rõ", "Aisles, work and storage areas are marked out clearly"),
						shT("Vạch sơn rõ ràng, đúng màu quy định; không có hàng hóa lấn vạch lối đi.",
							"Painted lines are clear and in the agreed colours; no goods cross into the aisles."),
						shT("Quy định màu vạch; ảnh hiện trường.", "The line-colour rule; photos of the site."), false),
					shItem("s2.3",
						shT("Vật dụng dùng thường xuyên để gần nơi sử dụng, lấy ra và cất lại trong 30 giây", "Frequently used items are near the point of use, fetched and put back within 30 seconds"),
						shT("Yêu cầu người lao động lấy một dụng cụ bất kỳ: trong 30 giây là đạt.",
							"Ask a worker for any tool: within 30 seconds passes."),
						shT("Thử lấy dụng cụ tại chỗ; bảng dụng cụ có hình bóng (shadow board).",
							"A fetch test on site; shadow boards."), false),
					shItem("s2.4",
						shT("Có quản lý trực quan: biển chỉ dẫn, mã màu, mức tối thiểu – tối đa", "Visual management: signs, colour codes, minimum and maximum levels"),
						shT("Người mới đến khu vực có thể hiểu được vật gì để đâu, còn bao nhiêu mà không cần hỏi.",
							"A newcomer can tell what is where and how much is left without asking."),
						shT("Biển báo, nhãn màu, vạch mức tồn kho; ảnh.", "Signs, colour labels, stock-level marks; photos."), false),
					shItem("s2.5",
						shT("Tài liệu, hồ sơ được sắp xếp theo hệ thống, dễ tìm", "Documents and records are filed systematically and easy to find"),
						shT("Yêu cầu tìm một hồ sơ cụ thể: tìm thấy trong 1 phút là đạt; có mục lục, mã hồ sơ.",
							"Ask for a given record: found within a minute passes; there is an index and record codes."),
						shT("Danh mục hồ sơ; gáy hồ sơ có nhãn; thư mục điện tử có quy tắc đặt tên.",
							"The records index; labelled spines; electronic folders with a naming rule."), false),
					shItem("s2.6",
						shT("Thiết bị an toàn, phòng cháy chữa cháy đặt đúng chỗ, dễ tiếp cận, không bị che chắn", "Safety and fire equipment is in place, accessible and unobstructed"),
						shT("Bình chữa cháy, tủ sơ cứu, lối thoát hiểm có biển báo, không bị hàng hóa che chắn, còn hạn kiểm định.",
							"Extinguishers, first-aid boxes and exits are signed, not blocked by goods, and within their inspection date."),
						shT("Sơ đồ PCCC; tem kiểm định bình chữa cháy; quan sát lối thoát hiểm.",
							"The fire-safety plan; extinguisher inspection tags; the exits seen on site."), false),
					shItem("s2.7",
						shT("Nguyên vật liệu, hàng hóa được sắp xếp theo nguyên tắc nhập trước – xuất trước", "Materials and goods are stored first-in, first-out"),
						shT("Hàng có nhãn ngày nhập, bố trí để lấy lô cũ trước. Chọn N/A khi khu vực không lưu hàng.",
							"Goods carry their receipt date and are placed so the oldest lot is taken first. N/A where the area stores no goods."),
						shT("Thẻ kho, nhãn ngày nhập; kiểm tra ngẫu nhiên 3 vị trí.",
							"Bin cards, receipt-date labels; a random check of 3 locations."), na),
				}},
				{Key: "s3", Name: shT("Sạch sẽ (Seiso)", "Shine (Seiso)"), Items: []Item{
					shItem("s3.1",
						shT("Sàn nhà, lối đi, tường, cửa sổ sạch, không có rác, dầu mỡ", "Floors, aisles, walls and windows are clean, free of litter and oil"),
						shT("Quan sát cả góc khuất, gầm máy, trên cao; 4 điểm khi không thấy bụi bẩn ở đâu.",
							"Look into corners, under machines and up high; 4 when no dirt is seen anywhere."),
						shT("Quan sát hiện trường; ảnh góc khuất.", "Observation on site; photos of hidden corners."), false),
					shItem("s3.2",
						shT("Máy móc, thiết bị, dụng cụ được lau chùi, kết hợp kiểm tra phát hiện bất thường", "Machines, equipment and tools are cleaned, with a check for abnormalities while cleaning"),
						shT("Vệ sinh là kiểm tra: người vận hành ghi nhận rò rỉ, lỏng ốc, tiếng kêu lạ khi lau chùi. Chọn N/A ở văn phòng không có máy móc.",
							"Cleaning is inspection: operators note leaks, loose bolts and odd noises while cleaning. N/A for offices without machines."),
						shT("Phiếu kiểm tra vệ sinh máy; thẻ bất thường đã gắn.", "Machine cleaning checklists; abnormality tags raised."), na),
					shItem("s3.3",
						shT("Nguồn gây bẩn (rò rỉ dầu, bụi, phoi) được xác định và có biện pháp khắc phục tận gốc", "Sources of dirt (oil leaks, dust, chips) are identified and tackled at the root"),
						shT("Có danh sách nguồn gây bẩn và biện pháp (che chắn, sửa rò rỉ, hút bụi tại nguồn) đã thực hiện.",
							"There is a list of dirt sources with measures taken (guards, leak repairs, extraction at the source)."),
						shT("Danh sách nguồn gây bẩn; ảnh trước và sau cải tiến.", "The list of dirt sources; photos before and after."), false),
					shItem("s3.4",
						shT("Có phân công khu vực vệ sinh và lịch vệ sinh cho từng người", "Cleaning areas and a cleaning schedule are assigned to each person"),
						shT("Bản đồ phân công khu vực có tên người phụ trách, được cập nhật khi thay đổi nhân sự.",
							"A map of areas with the names of those responsible, kept up to date when staff change."),
						shT("Bản đồ phân công; lịch vệ sinh có ký xác nhận.", "The assignment map; the signed cleaning schedule."), false),
					shItem("s3.5",
						shT("Dụng cụ vệ sinh đầy đủ và được để đúng nơi quy định", "Cleaning tools are sufficient and kept in their place"),
						shT("Dụng cụ vệ sinh có vị trí riêng, có nhãn, còn sử dụng được.",
							"Cleaning tools have their own labelled place and are in working order."),
						shT("Quan sát giá, tủ dụng cụ vệ sinh.", "The cleaning-tool rack or cupboard seen on site."), false),
					shItem("s3.6",
						shT("Rác thải được phân loại, thu gom đúng nơi, đúng giờ", "Waste is sorted and collected at the right place and time"),
						shT("Thùng rác phân loại có nhãn; chất thải nguy hại để riêng theo quy định; không có rác tràn.",
							"Labelled bins by type; hazardous waste kept apart as required; no overflowing bins."),
						shT("Quan sát điểm tập kết rác; hợp đồng, chứng từ thu gom chất thải.",
							"The waste collection point; waste collection contracts and records."), false),
				}},
				{Key: "s4", Name: shT("Săn sóc (Seiketsu)", "Standardise (Seiketsu)"), Items: []Item{
					shItem("s4.1",
						shT("Có quy định, tiêu chuẩn 5S bằng văn bản cho từng khu vực", "There are written 5S rules and standards for each area"),
						shT("Tiêu chuẩn nêu rõ thế nào là đạt cho Sàng lọc, Sắp xếp, Sạch sẽ ở khu vực, kèm hình ảnh.",
							"The standard says what good Sort, Set in order and Shine look like in the area, with pictures."),
						shT("Tiêu chuẩn 5S khu vực; quyết định ban hành.", "The area's 5S standard; the decision issuing it."), false),
					shItem("s4.2",
						shT("Có bảng 5S và hình ảnh chuẩn (trước – sau) tại khu vực", "There is a 5S board with reference (before/after) pictures at the area"),
						shT("Bảng 5S được cập nhật: kết quả đánh giá gần nhất, hình ảnh chuẩn, người phụ trách.",
							"The 5S board is up to date: latest audit result, reference pictures, who is responsible."),
						shT("Ảnh bảng 5S; ngày cập nhật gần nhất.", "A photo of the 5S board; its latest update."), false),
					shItem("s4.3",
						shT("Kiểm tra, đánh giá 5S định kỳ và lưu hồ sơ kết quả", "5S is checked periodically and the results are recorded"),
						shT("Có lịch đánh giá nội bộ (ví dụ hằng tháng), phiếu đánh giá và tổng hợp điểm theo thời gian.",
							"There is an internal audit schedule (e.g. monthly), audit sheets and scores over time."),
						shT("Lịch đánh giá; phiếu đánh giá 3 kỳ gần nhất; biểu đồ điểm.",
							"The audit schedule; the last 3 audit sheets; a score chart."), false),
					shItem("s4.4",
						shT("Các điểm chưa đạt sau đánh giá được khắc phục đúng hạn", "Non-conformities found by audits are corrected on time"),
						shT("Mỗi điểm chưa đạt có người chịu trách nhiệm và hạn; tỷ lệ khắc phục đúng hạn ≥ 90 % là 4 điểm.",
							"Each non-conformity has an owner and a due date; 90 % or more corrected on time scores 4."),
						shT("Danh sách điểm chưa đạt và tình trạng khắc phục.", "The list of non-conformities and their status."), false),
					shItem("s4.5",
						shT("Ba S đầu được duy trì ổn định", "The first three S are kept up steadily"),
						shT("Điểm Sàng lọc, Sắp xếp, Sạch sẽ các kỳ đánh giá nội bộ gần nhất không giảm.",
							"The Sort, Set in order and Shine scores of the latest internal audits do not decline."),
						shT("Kết quả đánh giá nội bộ ít nhất 3 kỳ.", "Internal audit results of at least 3 rounds."), false),
					shItem("s4.6",
						shT("Điều kiện làm việc (ánh sáng, thông gió, tiếng ồn, an toàn) được bảo đảm", "Working conditions (lighting, ventilation, noise, safety) are ensured"),
						shT("Các thông số môi trường lao động trong giới hạn cho phép; có biện pháp với điểm vượt.",
							"Workplace environment readings are within limits; points above them are acted on."),
						shT("Kết quả quan trắc môi trường lao động; biên bản kiểm tra an toàn.",
							"Workplace environment monitoring results; safety inspection records."), false),
				}},
				{Key: "s5", Name: shT("Sẵn sàng (Shitsuke)", "Sustain (Shitsuke)"), Items: []Item{
					shItem("s5.1",
						shT("Lãnh đạo cam kết và trực tiếp tham gia các hoạt động 5S", "Leaders are committed and take part in 5S in person"),
						shT("Lãnh đạo có mặt trong các đợt đánh giá, ngày tổng vệ sinh; 5S có trong mục tiêu của đơn vị.",
							"Leaders join audits and clean-up days; 5S is in the unit's objectives."),
						shT("Chính sách, mục tiêu 5S; biên bản, ảnh lãnh đạo tham gia.", "The 5S policy and objectives; records and photos of leaders taking part."), false),
					shItem("s5.2",
						shT("Người lao động được đào tạo về 5S, hiểu và tự giác thực hiện", "Workers are trained in 5S, understand it and practise it on their own"),
						shT("Hỏi ngẫu nhiên người lao động về 5S ở vị trí của họ; có hồ sơ đào tạo cả người mới.",
							"Ask workers at random about 5S at their workplace; there are training records, new staff included."),
						shT("Hồ sơ đào tạo; phỏng vấn người lao động.", "Training records; interviews with workers."), false),
					shItem("s5.3",
						shT("Có hoạt động 5S hằng ngày (5 phút 5S) và ngày tổng vệ sinh định kỳ", "There is a daily 5S routine (5 minutes of 5S) and a periodic clean-up day"),
						shT("5 phút 5S đầu hoặc cuối ca được thực hiện đều đặn; tổng vệ sinh có kế hoạch và biên bản.",
							"The 5-minute routine at the start or end of the shift happens regularly; clean-up days are planned and recorded."),
						shT("Lịch 5S hằng ngày có ký xác nhận; kế hoạch, ảnh ngày tổng vệ sinh.",
							"The signed daily 5S schedule; the plan and photos of clean-up days."), false),
					shItem("s5.4",
						shT("Có cơ chế khen thưởng, thi đua và ghi nhận sáng kiến 5S", "There is recognition, competition and a way to propose 5S improvements"),
						shT("Thi đua giữa các khu vực, khen thưởng định kỳ; các đề xuất cải tiến 5S được ghi nhận và phản hồi.",
							"Competition between areas, regular awards; 5S suggestions are logged and answered."),
						shT("Quyết định khen thưởng; sổ đề xuất cải tiến.", "Award decisions; the suggestion log."), false),
					shItem("s5.5",
						shT("Người lao động mặc đồng phục và dùng phương tiện bảo hộ đúng quy định", "Workers wear uniforms and protective equipment as required"),
						shT("Quan sát tại chỗ. Chọn N/A khi khu vực không có quy định về đồng phục, bảo hộ.",
							"Observe on site. N/A where the area has no uniform or protective-equipment rule."),
						shT("Quy định trang phục, bảo hộ lao động; quan sát.", "The dress and protective-equipment rule; observation."), true),
					shItem("s5.6",
						shT("5S được lồng ghép vào công việc hằng ngày và các hệ thống quản lý khác", "5S is built into daily work and the other management systems"),
						shT("5S có trong quy trình tác nghiệp, đánh giá an toàn, ISO 9001/14001/45001 hoặc hệ thống KPI.",
							"5S appears in work procedures, safety audits, ISO 9001/14001/45001 or the KPI system."),
						shT("Quy trình, KPI, hồ sơ đánh giá hệ thống có nội dung 5S.",
							"Procedures, KPIs and management-system audit records that cover 5S."), false),
				}},
			},
		},
	}
}

func shippedTools() Shipped {
	const na = true
	return Shipped{
		Scheme: Scheme{
			Code: CodeTools, Kind: KindTools, Tools: []string{"kaizen", "lean", "tpm"}, ValidityMonths: 36,
			Name: shT("Áp dụng công cụ cải tiến (Kaizen, Lean, TPM)", "Applying improvement tools (Kaizen, Lean, TPM)"),
		},
		Note: "Phiên bản đầu tiên do nền tảng cung cấp, dùng chung cho Kaizen, Lean và TPM: các tiêu chí của công cụ " +
			"doanh nghiệp không áp dụng được chọn N/A. Ngưỡng Đạt 60 %, Tốt 75 %, Xuất sắc 90 % là thiết lập của Chương trình, " +
			"không phải quy định pháp luật. / First version shipped with the platform, shared by Kaizen, Lean and TPM: items of a " +
			"tool the enterprise does not apply are marked N/A. The thresholds Pass 60 %, Good 75 %, Excellent 90 % are programme " +
			"settings, not law.",
		Body: Body{
			Scale: Scale{Min: 0, Max: 4, Labels: []ScaleLabel{
				{0, shT("Chưa áp dụng", "Not applied")},
				{1, shT("Khởi đầu: thử nghiệm ở một điểm, chưa có kết quả đo được", "Initial: piloted in one place, no measured result")},
				{2, shT("Đang triển khai: áp dụng ở một số bộ phận, có kết quả bước đầu", "Deploying: applied in some departments, early results")},
				{3, shT("Triển khai rộng: áp dụng ở phần lớn bộ phận, kết quả đo được và duy trì", "Widely deployed: in most departments, measured and sustained results")},
				{4, shT("Chuẩn hóa: thành cách làm việc chung, cải tiến liên tục", "Standardised: the common way of working, continually improved")},
			}},
			Levels: shLevels(),
			Sections: []Section{
				{Key: "lead", Name: shT("Lãnh đạo và triển khai", "Leadership and deployment"), Weight: 15, Items: []Item{
					shItem("lead.1",
						shT("Lãnh đạo cam kết, có chính sách và mục tiêu cải tiến năng suất, chất lượng", "Leaders are committed, with a policy and objectives for productivity and quality improvement"),
						shT("Mục tiêu đo được (năng suất, tỷ lệ lỗi, OEE…), được phân bổ xuống bộ phận; lãnh đạo xem xét định kỳ.",
							"Measurable objectives (productivity, defect rate, OEE…) cascaded to departments; leaders review them regularly."),
						shT("Chính sách, mục tiêu năm; biên bản họp xem xét của lãnh đạo.", "The policy and yearly objectives; minutes of management reviews."), false),
					shItem("lead.2",
						shT("Có bộ phận điều phối, kế hoạch triển khai và nguồn lực cho cải tiến", "There is a coordinating team, a deployment plan and resources for improvement"),
						shT("Có người hoặc ban phụ trách cải tiến, kế hoạch theo năm và ngân sách, thời gian dành cho cải tiến.",
							"A person or committee in charge, a yearly plan, a budget and time set aside for improvement."),
						shT("Quyết định thành lập ban cải tiến; kế hoạch; ngân sách.", "The decision setting up the committee; the plan; the budget."), false),
					shItem("lead.3",
						shT("Đào tạo về công cụ cải tiến cho các cấp quản lý và người lao động", "Managers and workers are trained in improvement tools"),
						shT("Có chương trình đào tạo theo vai trò; tỷ lệ người được đào tạo; có người thực hành được chứng nhận.",
							"Training by role; the share of staff trained; certified practitioners on staff."),
						shT("Kế hoạch, hồ sơ đào tạo; chứng nhận người thực hành.", "Training plans and records; practitioner credentials."), false),
					shItem("lead.4",
						shT("Truyền thông, ghi nhận và khen thưởng các kết quả cải tiến", "Improvement results are communicated, recognised and rewarded"),
						shT("Kết quả cải tiến được chia sẻ (bảng tin, họp, bản tin) và có cơ chế khen thưởng rõ ràng.",
							"Results are shared (boards, meetings, newsletters) and there is a clear reward scheme."),
						shT("Quy chế khen thưởng; bản tin, ảnh bảng thông tin cải tiến.", "The reward rules; newsletters, photos of improvement boards."), false),
					shItem("lead.5",
						shT("Nền tảng 5S được duy trì tại các khu vực", "The 5S foundation is kept up in the areas"),
						shT("5S là nền của Kaizen, Lean và TPM: xem kết quả đánh giá 5S gần nhất của doanh nghiệp.",
							"5S underlies Kaizen, Lean and TPM: look at the enterprise's latest 5S audit results."),
						shT("Kết quả đánh giá 5S nội bộ hoặc độc lập gần nhất.", "The latest internal or independent 5S audit results."), false),
				}},
				{Key: "kaizen", Name: shT("Kaizen", "Kaizen"), Weight: 20, Items: []Item{
					shItem("kaizen.1",
						shT("Có hệ thống đề xuất cải tiến được người lao động sử dụng", "There is a suggestion system that the workers use"),
						shT("Số đề xuất trên mỗi người lao động trong năm và xu hướng; mọi người đều có thể đề xuất dễ dàng. N/A khi doanh nghiệp không áp dụng Kaizen.",
							"Suggestions per worker per year and their trend; anyone can suggest easily. N/A when the enterprise does not apply Kaizen."),
						shT("Sổ hoặc phần mềm đề xuất; thống kê số đề xuất theo tháng.", "The suggestion log or software; monthly suggestion counts."), na),
					shItem("kaizen.2",
						shT("Đề xuất được xem xét, phản hồi và thực hiện kịp thời", "Suggestions are reviewed, answered and implemented promptly"),
						shT("Thời gian phản hồi đề xuất; tỷ lệ đề xuất được thực hiện; người đề xuất được thông báo kết quả.",
							"Time to answer a suggestion; share implemented; the proposer is told the outcome."),
						shT("Thống kê thời gian xử lý, tỷ lệ thực hiện; ví dụ 3 đề xuất đã thực hiện.",
							"Processing-time and implementation statistics; 3 implemented suggestions as examples."), na),
					shItem("kaizen.3",
						shT("Nhóm cải tiến (QCC, nhóm Kaizen) hoạt động theo chu trình PDCA", "Improvement groups (QCC, Kaizen teams) work in PDCA cycles"),
						shT("Nhóm có đề tài, mục tiêu, lịch họp; đề tài hoàn thành có đo trước – sau và chuẩn hóa.",
							"Groups have a topic, a target and meetings; completed topics are measured before and after and standardised."),
						shT("Danh sách nhóm và đề tài; báo cáo đề tài hoàn thành.", "The list of groups and topics; reports of completed topics."), na),
					shItem("kaizen.4",
						shT("Giải quyết vấn đề có phương pháp (5 Why, biểu đồ xương cá, báo cáo A3)", "Problems are solved methodically (5 Whys, fishbone diagrams, A3 reports)"),
						shT("Vấn đề chất lượng, sự cố được phân tích đến nguyên nhân gốc, biện pháp được kiểm chứng hiệu quả.",
							"Quality problems and incidents are analysed to their root cause and countermeasures are checked for effect."),
						shT("Báo cáo A3, phân tích nguyên nhân gốc của 2–3 vấn đề gần đây.", "A3 reports and root-cause analyses of 2–3 recent problems."), na),
					shItem("kaizen.5",
						shT("Sự kiện Kaizen (kaizen blitz) có mục tiêu và đo kết quả", "Kaizen events (blitzes) have targets and measured results"),
						shT("Sự kiện được chuẩn bị, có phạm vi, mục tiêu, đội ngũ liên phòng ban và theo dõi sau 30 ngày.",
							"Events are prepared, with a scope, a target, a cross-functional team and a 30-day follow-up."),
						shT("Hồ sơ sự kiện Kaizen; bảng theo dõi hành động sau sự kiện.", "Kaizen event records; the follow-up action list."), na),
				}},
				{Key: "lean", Name: shT("Lean", "Lean"), Weight: 20, Items: []Item{
					shItem("lean.1",
						shT("Sơ đồ chuỗi giá trị (VSM) hiện tại và tương lai được lập và dùng để lập kế hoạch cải tiến", "Current- and future-state value stream maps (VSM) are drawn and drive the improvement plan"),
						shT("VSM có số liệu thực (thời gian chu kỳ, tồn kho, thời gian chờ); kế hoạch cải tiến bám theo trạng thái tương lai. N/A khi doanh nghiệp không áp dụng Lean.",
							"The VSM uses real data (cycle times, inventory, waiting); the improvement plan follows the future state. N/A when the enterprise does not apply Lean."),
						shT("Bản VSM hiện tại và tương lai; kế hoạch hành động.", "Current and future VSMs; the action plan."), na),
					shItem("lean.2",
						shT("Dòng chảy liên tục: cân bằng chuyền, giảm tồn kho bán thành phẩm", "Continuous flow: balanced lines, less work in progress"),
						shT("Thời gian chu kỳ các công đoạn gần với nhịp sản xuất (takt time); tồn kho giữa công đoạn giảm theo thời gian.",
							"Station cycle times are close to takt time; inventory between stations falls over time."),
						shT("Biểu đồ cân bằng chuyền (Yamazumi); số liệu tồn kho bán thành phẩm.", "Line-balance (Yamazumi) charts; work-in-progress data."), na),
					shItem("lean.3",
						shT("Hệ thống kéo (Kanban, siêu thị nội bộ) điều khiển sản xuất và cấp liệu", "A pull system (Kanban, internal supermarkets) drives production and supply"),
						shT("Sản xuất theo tín hiệu kéo từ công đoạn sau, không theo kế hoạch đẩy; số thẻ Kanban được tính toán.",
							"Production follows pull signals from downstream, not a push schedule; the number of Kanban cards is calculated."),
						shT("Thẻ Kanban; quy định siêu thị; quan sát luồng cấp liệu.", "Kanban cards; supermarket rules; the supply flow seen on site."), na),
					shItem("lean.4",
						shT("Thời gian chuyển đổi được rút ngắn (SMED)", "Changeover times are cut (SMED)"),
						shT("Thời gian chuyển đổi được đo, tách việc trong – ngoài, có kết quả giảm so với ban đầu.",
							"Changeover times are measured, internal and external work separated, and reduced from the baseline."),
						shT("Phân tích SMED; số liệu thời gian chuyển đổi trước – sau.", "SMED analyses; changeover times before and after."), na),
					shItem("lean.5",
						shT("Công việc tiêu chuẩn được xây dựng và tuân thủ", "Standard work is written and followed"),
						shT("Có bảng công việc tiêu chuẩn (trình tự, thời gian, tồn kho tiêu chuẩn) tại vị trí; quan sát thấy được tuân thủ.",
							"Standard-work sheets (sequence, times, standard inventory) at the workplace; observed to be followed."),
						shT("Bảng công việc tiêu chuẩn; quan sát một chu kỳ làm việc.", "Standard-work sheets; one work cycle observed."), na),
					shItem("lean.6",
						shT("Quản lý trực quan và quản lý tại hiện trường (họp đầu ca, bảng theo dõi sản lượng)", "Visual and on-site management (shift-start meetings, production tracking boards)"),
						shT("Bảng theo dõi theo giờ so kế hoạch – thực tế; sai lệch được xử lý trong ca; quản lý xuống hiện trường (gemba).",
							"Hour-by-hour plan-versus-actual boards; gaps handled within the shift; managers go to the floor (gemba)."),
						shT("Ảnh bảng theo dõi; biên bản họp đầu ca.", "Photos of the boards; shift-start meeting notes."), na),
					shItem("lean.7",
						shT("Chống sai lỗi (poka-yoke) ở các công đoạn có nguy cơ lỗi", "Mistake-proofing (poka-yoke) where errors are likely"),
						shT("Các lỗi lặp lại được ngăn bằng thiết bị, đồ gá, cảm biến thay vì chỉ kiểm tra.",
							"Recurring defects are prevented with devices, jigs or sensors rather than inspection alone."),
						shT("Danh sách poka-yoke và kiểm tra định kỳ hoạt động của chúng.", "The list of poka-yoke devices and their periodic checks."), na),
				}},
				{Key: "tpm", Name: shT("TPM – Bảo trì năng suất toàn diện", "TPM – Total productive maintenance"), Weight: 20, Items: []Item{
					shItem("tpm.1",
						shT("Bảo trì tự quản: người vận hành làm sạch, kiểm tra, bôi trơn, siết chặt theo tiêu chuẩn", "Autonomous maintenance: operators clean, inspect, lubricate and tighten to a standard"),
						shT("Có tiêu chuẩn bảo trì tự quản cho từng máy, phiếu kiểm tra hằng ngày; xác định bước đạt được trong 7 bước. N/A khi doanh nghiệp không áp dụng TPM.",
							"Each machine has an autonomous-maintenance standard and a daily checklist; note which of the 7 steps is reached. N/A when the enterprise does not apply TPM."),
						shT("Tiêu chuẩn bảo trì tự quản; phiếu kiểm tra hằng ngày; thẻ bất thường.", "Autonomous-maintenance standards; daily checklists; abnormality tags."), na),
					shItem("tpm.2",
						shT("Bảo trì kế hoạch: kế hoạch phòng ngừa, dự đoán và quản lý phụ tùng", "Planned maintenance: preventive and predictive plans, spare-parts control"),
						shT("Kế hoạch bảo trì được thực hiện đúng hạn; có chỉ số MTBF, MTTR; phụ tùng quan trọng có mức tồn tối thiểu.",
							"Maintenance is done on schedule; MTBF and MTTR are tracked; critical spares have minimum stock."),
						shT("Kế hoạch và hồ sơ bảo trì; số liệu MTBF, MTTR.", "Maintenance plans and records; MTBF and MTTR data."), na),
					shItem("tpm.3",
						shT("Hiệu suất thiết bị tổng thể (OEE) được đo và cải thiện", "Overall equipment effectiveness (OEE) is measured and improved"),
						shT("OEE = khả dụng × hiệu suất × chất lượng được đo đúng cách trên thiết bị trọng yếu, có xu hướng tăng.",
							"OEE = availability × performance × quality, measured properly on key equipment, with a rising trend."),
						shT("Số liệu OEE 12 tháng; cách tính và nguồn dữ liệu.", "Twelve months of OEE data; how it is computed and its data source."), na),
					shItem("tpm.4",
						shT("Cải tiến có trọng tâm nhằm loại bỏ các tổn thất lớn của thiết bị", "Focused improvement removes the major equipment losses"),
						shT("Sáu tổn thất lớn (hỏng hóc, chuyển đổi, dừng vặt, giảm tốc, lỗi, khởi động) được lượng hóa và có đề tài cải tiến.",
							"The six big losses (breakdowns, changeovers, minor stops, reduced speed, defects, start-up) are quantified and tackled."),
						shT("Cây tổn thất; báo cáo đề tài cải tiến thiết bị.", "The loss tree; equipment improvement reports."), na),
					shItem("tpm.5",
						shT("Đào tạo kỹ năng vận hành và bảo trì", "Operating and maintenance skills are trained"),
						shT("Có ma trận kỹ năng, bài học một điểm (OPL); người vận hành được đào tạo trước khi đứng máy.",
							"There is a skills matrix and one-point lessons (OPL); operators are trained before running a machine."),
						shT("Ma trận kỹ năng; các bài học một điểm.", "The skills matrix; one-point lessons."), na),
					shItem("tpm.6",
						shT("An toàn, sức khỏe, môi trường và quản lý thiết bị từ khâu đầu", "Safety, health, environment and early equipment management"),
						shT("Rủi ro an toàn thiết bị được đánh giá; kinh nghiệm bảo trì được đưa vào khi mua, lắp đặt thiết bị mới.",
							"Equipment safety risks are assessed; maintenance experience feeds into buying and installing new equipment."),
						shT("Đánh giá rủi ro; hồ sơ tai nạn, sự cố; yêu cầu kỹ thuật khi mua thiết bị.",
							"Risk assessments; accident and incident records; technical requirements for new equipment."), na),
				}},
				{Key: "result", Name: shT("Kết quả và duy trì", "Results and sustainment"), Weight: 25, Items: []Item{
					shItem("result.1",
						shT("Năng suất lao động cải thiện, đo được và có xu hướng tốt", "Labour productivity has improved, measurably and with a good trend"),
						shT("So sánh năng suất (giá trị gia tăng hoặc sản lượng trên lao động) ít nhất 2 năm; 4 điểm khi tăng ổn định và vượt mục tiêu.",
							"Compare productivity (value added or output per worker) over at least 2 years; 4 when it rises steadily and beats the target."),
						shT("Báo cáo năng suất; số liệu sản lượng, lao động.", "Productivity reports; output and headcount data."), false),
					shItem("result.2",
						shT("Chất lượng cải thiện: tỷ lệ lỗi, khiếu nại của khách hàng giảm", "Quality has improved: fewer defects and customer complaints"),
						shT("Tỷ lệ lỗi nội bộ, tỷ lệ hàng trả về, số khiếu nại theo thời gian.", "Internal defect rate, returns and complaints over time."),
						shT("Báo cáo chất lượng; thống kê khiếu nại.", "Quality reports; complaint statistics."), false),
					shItem("result.3",
						shT("Thời gian giao hàng, chu kỳ sản xuất và tồn kho giảm", "Delivery lead time, production cycle and inventory have fallen"),
						shT("Tỷ lệ giao hàng đúng hạn, thời gian chu kỳ, vòng quay tồn kho trước và sau cải tiến.",
							"On-time delivery, cycle time and inventory turns before and after improvement."),
						shT("Số liệu giao hàng; báo cáo tồn kho.", "Delivery data; inventory reports."), false),
					shItem("result.4",
						shT("Chi phí tiết kiệm được từ cải tiến được lượng hóa", "The savings from improvement are quantified"),
						shT("Tiết kiệm được tính theo phương pháp nhất quán và được bộ phận tài chính xác nhận.",
							"Savings are computed consistently and confirmed by finance."),
						shT("Bảng tổng hợp tiết kiệm; xác nhận của kế toán.", "The savings summary; confirmation by accounting."), false),
					shItem("result.5",
						shT("Kết quả được duy trì ít nhất 12 tháng, được chuẩn hóa và nhân rộng", "Results are sustained for at least 12 months, standardised and spread"),
						shT("Các cải tiến được đưa vào tiêu chuẩn, quy trình; mô hình được nhân rộng sang bộ phận, chuyền khác.",
							"Improvements are written into standards and procedures; the model is spread to other departments and lines."),
						shT("Quy trình, tiêu chuẩn đã cập nhật; danh sách nơi đã nhân rộng.", "Updated procedures and standards; the list of places it spread to."), false),
					shItem("result.6",
						shT("An toàn lao động và sự gắn kết của người lao động được cải thiện", "Workplace safety and worker engagement have improved"),
						shT("Tần suất tai nạn, tỷ lệ nghỉ việc, kết quả khảo sát hài lòng của người lao động theo thời gian.",
							"Accident frequency, staff turnover and worker satisfaction over time."),
						shT("Thống kê tai nạn; số liệu nhân sự; khảo sát người lao động.", "Accident statistics; HR data; worker surveys."), false),
				}},
			},
		},
	}
}

// shADLI is the guidance common to the process categories (1–6).
var shADLI = shT(
	"Chấm theo bốn khía cạnh ADLI: Phương pháp (Approach) – cách tiếp cận có hệ thống, phù hợp; Triển khai (Deployment) – "+
		"được áp dụng nhất quán ở các bộ phận; Học hỏi (Learning) – được đánh giá, cải tiến và đổi mới; Hội nhập (Integration) – "+
		"gắn với nhu cầu và chiến lược của tổ chức. Chọn dải điểm mô tả đúng nhất rồi điều chỉnh trong dải.",
	"Score on the four ADLI dimensions: Approach – systematic and fitting; Deployment – applied consistently across units; "+
		"Learning – evaluated, improved and innovated; Integration – aligned with the organisation's needs and strategy. "+
		"Pick the band that fits best, then adjust within it.")

// shLeTCI is the guidance of the results category (7).
var shLeTCI = shT(
	"Chấm theo bốn khía cạnh LeTCI: Mức (Levels) – kết quả hiện tại; Xu hướng (Trends) – diễn biến qua ít nhất 3 kỳ; "+
		"So sánh (Comparisons) – với đối thủ, chuẩn so sánh, trung bình ngành; Hội nhập (Integration) – kết quả đo đúng những gì "+
		"quan trọng với khách hàng, chiến lược và quá trình chính.",
	"Score on the four LeTCI dimensions: Levels – current performance; Trends – over at least 3 periods; Comparisons – "+
		"with competitors, benchmarks and sector averages; Integration – the results measure what matters to customers, "+
		"strategy and key processes.")

// shXItem is an item of the excellence framework: points as its weight.
func shXItem(key string, points float64, text, focus, evidence fault.Text) Item {
	g := shADLI
	if key[0] == '7' {
		g = shLeTCI
	}
	return Item{Key: key, Text: text, Weight: points,
		Guidance: shT(focus.Vi+" "+g.Vi, focus.En+" "+g.En), Evidence: evidence}
}

func shippedExcellence() Shipped {
	return Shipped{
		Scheme: Scheme{
			Code: CodeExcellence, Kind: KindExcellence, ValidityMonths: 0,
			Name: shT("Giải thưởng Chất lượng Quốc gia – mô hình 1000 điểm", "National Quality Award – 1000-point framework"),
		},
		Note: "Phiên bản đầu tiên do nền tảng cung cấp: 7 tiêu chí, 1000 điểm (Điều 27 Nghị định 132/2008/NĐ-CP; các hạng mục " +
			"và điểm theo mô hình Baldrige). GTCLQG từ 600 điểm; Giải Vàng từ 800 điểm và do Hội đồng xét chọn trong số các doanh " +
			"nghiệp đạt GTCLQG. / First version shipped with the platform: 7 criteria, 1000 points (Article 27 of Decree " +
			"132/2008/NĐ-CP; items and points after the Baldrige framework). The award from 600 points; the Gold Award from 800 " +
			"points and chosen by the council among the award winners.",
		Body: Body{
			MaxPoints: 1000,
			Scale: Scale{Min: 0, Max: 100, Labels: []ScaleLabel{
				{0, shT("0–5 %: chưa có phương pháp hệ thống; không có hoặc rất ít kết quả", "0–5 %: no systematic approach; no or hardly any results")},
				{10, shT("10–25 %: bắt đầu có phương pháp, triển khai sớm; ít kết quả tốt", "10–25 %: the beginning of an approach, early deployment; few good results")},
				{30, shT("30–45 %: phương pháp hệ thống, đáp ứng yêu cầu cơ bản; một số xu hướng tốt", "30–45 %: a systematic approach meeting the basic requirements; some good trends")},
				{50, shT("50–65 %: phương pháp hiệu lực, triển khai tốt, có học hỏi; kết quả tốt ở phần lớn lĩnh vực", "50–65 %: an effective approach, well deployed, with learning; good results in most areas")},
				{70, shT("70–85 %: phương pháp hiệu lực, được cải tiến, hội nhập; kết quả tốt, so sánh thuận lợi", "70–85 %: an effective, refined and integrated approach; good results that compare well")},
				{90, shT("90–100 %: xuất sắc, đổi mới, hội nhập toàn diện; dẫn đầu ngành", "90–100 %: excellent, innovative, fully integrated; sector leader")},
			}},
			Levels: []Level{
				{Code: "gtclqg", Name: shT("Giải thưởng Chất lượng Quốc gia (từ 600 điểm)", "National Quality Award (600 points or more)"), MinPct: 60},
				{Code: "vang", Name: shT("Đủ điều kiện xét Giải Vàng (từ 800 điểm; Giải Vàng do Hội đồng xét chọn trong số doanh nghiệp đạt giải)",
					"Eligible for the Gold Award (800 points or more; the Gold Award is chosen by the council among the winners)"), MinPct: 80},
			},
			Sections: []Section{
				{Key: "c1", Name: shT("Vai trò của lãnh đạo", "Leadership"), Weight: 120, Items: []Item{
					shXItem("1.1", 70, shT("Lãnh đạo cấp cao", "Senior leadership"),
						shT("Lãnh đạo cấp cao định hướng tầm nhìn, giá trị, truyền thông, tạo môi trường cho thành công và tập trung vào hành động.",
							"How senior leaders set vision and values, communicate, create an environment for success and focus on action."),
						shT("Tầm nhìn, sứ mệnh, giá trị cốt lõi; kế hoạch truyền thông; biên bản họp lãnh đạo; phỏng vấn lãnh đạo.",
							"Vision, mission and core values; the communication plan; leadership meeting minutes; interviews with leaders.")),
					shXItem("1.2", 50, shT("Quản trị và trách nhiệm với xã hội", "Governance and societal contributions"),
						shT("Hệ thống quản trị, đánh giá lãnh đạo, tuân thủ pháp luật và đạo đức, đóng góp cho cộng đồng và môi trường.",
							"The governance system, leadership evaluation, legal and ethical compliance, contributions to society and the environment."),
						shT("Điều lệ, quy chế quản trị; báo cáo kiểm toán; hồ sơ tuân thủ; báo cáo trách nhiệm xã hội, môi trường.",
							"The charter and governance rules; audit reports; compliance records; social and environmental reports.")),
				}},
				{Key: "c2", Name: shT("Hoạch định chiến lược", "Strategic planning"), Weight: 85, Items: []Item{
					shXItem("2.1", 45, shT("Xây dựng chiến lược", "Strategy development"),
						shT("Quá trình xây dựng chiến lược, phân tích môi trường, năng lực cốt lõi, mục tiêu chiến lược và đổi mới.",
							"The strategy process, environmental analysis, core competencies, strategic objectives and innovation."),
						shT("Quy trình hoạch định; phân tích SWOT; kế hoạch chiến lược với mục tiêu và thời hạn.",
							"The planning procedure; the SWOT analysis; the strategic plan with objectives and timelines.")),
					shXItem("2.2", 40, shT("Triển khai chiến lược", "Strategy implementation"),
						shT("Kế hoạch hành động, phân bổ nguồn lực, chỉ số theo dõi, dự báo kết quả và điều chỉnh kế hoạch.",
							"Action plans, resource allocation, tracking measures, performance projections and plan changes."),
						shT("Kế hoạch hành động năm; KPI phân bổ theo bộ phận; báo cáo tiến độ.",
							"The yearly action plans; KPIs by department; progress reports.")),
				}},
				{Key: "c3", Name: shT("Định hướng vào khách hàng", "Customer focus"), Weight: 85, Items: []Item{
					shXItem("3.1", 40, shT("Kỳ vọng của khách hàng", "Customer expectations"),
						shT("Lắng nghe khách hàng hiện tại và tiềm năng, phân khúc khách hàng, xác định sản phẩm và dịch vụ đáp ứng nhu cầu.",
							"Listening to current and potential customers, segmentation, and the products and services that meet their needs."),
						shT("Khảo sát khách hàng; phân tích thị trường; hồ sơ nghiên cứu phát triển sản phẩm.",
							"Customer surveys; market analyses; product development records.")),
					shXItem("3.2", 45, shT("Gắn kết khách hàng", "Customer engagement"),
						shT("Xây dựng quan hệ, hỗ trợ khách hàng, xử lý khiếu nại, đo lường sự hài lòng và gắn kết.",
							"Building relationships, customer support, complaint handling, measuring satisfaction and engagement."),
						shT("Quy trình xử lý khiếu nại; kết quả đo hài lòng; chương trình khách hàng thân thiết.",
							"The complaint procedure; satisfaction results; loyalty programmes.")),
				}},
				{Key: "c4", Name: shT("Đo lường, phân tích và quản lý tri thức", "Measurement, analysis and knowledge management"), Weight: 90, Items: []Item{
					shXItem("4.1", 45, shT("Đo lường, phân tích, xem xét và cải tiến kết quả hoạt động", "Measurement, analysis, review and improvement of organisational performance"),
						shT("Lựa chọn và sử dụng chỉ số, dữ liệu so sánh, phân tích và xem xét kết quả, dùng kết quả để cải tiến.",
							"Choosing and using measures and comparative data, analysing and reviewing performance, and using it to improve."),
						shT("Hệ thống chỉ số (KPI, bảng điểm cân bằng); báo cáo xem xét định kỳ; dữ liệu so sánh chuẩn.",
							"The measurement system (KPIs, balanced scorecard); periodic review reports; benchmark data.")),
					shXItem("4.2", 45, shT("Quản lý thông tin và tri thức", "Information and knowledge management"),
						shT("Chất lượng và sẵn có của dữ liệu, thông tin; chia sẻ tri thức và thực hành tốt; học hỏi của tổ chức.",
							"The quality and availability of data and information; sharing knowledge and best practices; organisational learning."),
						shT("Hệ thống thông tin; quy định an toàn dữ liệu; cơ sở tri thức, bài học kinh nghiệm.",
							"Information systems; data security rules; the knowledge base and lessons learnt.")),
				}},
				{Key: "c5", Name: shT("Định hướng vào nguồn nhân lực", "Workforce focus"), Weight: 85, Items: []Item{
					shXItem("5.1", 40, shT("Môi trường làm việc", "Workforce environment"),
						shT("Năng lực và nhân lực, tuyển dụng, quản lý thay đổi, điều kiện làm việc, sức khỏe, an toàn, phúc lợi.",
							"Capability and capacity, recruitment, managing change, workplace conditions, health, safety and benefits."),
						shT("Kế hoạch nhân lực; hồ sơ an toàn vệ sinh lao động; chính sách phúc lợi.",
							"The workforce plan; occupational safety and health records; benefit policies.")),
					shXItem("5.2", 45, shT("Gắn kết người lao động", "Workforce engagement"),
						shT("Văn hóa tổ chức, đánh giá và ghi nhận, đào tạo và phát triển, phát triển lãnh đạo kế cận.",
							"Organisational culture, performance management and recognition, learning and development, leadership succession."),
						shT("Khảo sát gắn kết; hệ thống đánh giá thành tích; kế hoạch đào tạo; chương trình phát triển lãnh đạo.",
							"Engagement surveys; the performance management system; training plans; the leadership development programme.")),
				}},
				{Key: "c6", Name: shT("Quản lý quá trình hoạt động", "Operations"), Weight: 85, Items: []Item{
					shXItem("6.1", 45, shT("Quá trình làm việc", "Work processes"),
						shT("Thiết kế sản phẩm và quá trình, quản lý quá trình, chuỗi cung ứng, quản lý đổi mới và cải tiến quá trình.",
							"Product and process design, process management, the supply chain, innovation management and process improvement."),
						shT("Sơ đồ quá trình chính; chỉ số quá trình; hồ sơ cải tiến (5S, Kaizen, Lean, ISO).",
							"Key process maps; process measures; improvement records (5S, Kaizen, Lean, ISO).")),
					shXItem("6.2", 40, shT("Hiệu lực hoạt động", "Operational effectiveness"),
						shT("Kiểm soát chi phí, hiệu quả, an ninh thông tin, an toàn nơi làm việc, sẵn sàng ứng phó sự cố và tính liên tục.",
							"Cost control, efficiency, information security, workplace safety, emergency preparedness and business continuity."),
						shT("Báo cáo chi phí, hiệu suất; kế hoạch ứng phó khẩn cấp; kế hoạch kinh doanh liên tục.",
							"Cost and efficiency reports; the emergency plan; the business continuity plan.")),
				}},
				{Key: "c7", Name: shT("Kết quả hoạt động", "Results"), Weight: 450, Items: []Item{
					shXItem("7.1", 120, shT("Kết quả về sản phẩm và quá trình", "Product and process results"),
						shT("Kết quả về chất lượng sản phẩm, dịch vụ và hiệu quả quá trình, chuỗi cung ứng, an toàn.",
							"Results for product and service quality, process effectiveness, the supply chain and safety."),
						shT("Số liệu ít nhất 3 năm: tỷ lệ lỗi, năng suất, thời gian chu kỳ, OEE; so sánh với chuẩn.",
							"At least 3 years of data: defect rates, productivity, cycle times, OEE; comparisons with benchmarks.")),
					shXItem("7.2", 80, shT("Kết quả về khách hàng", "Customer results"),
						shT("Kết quả về sự hài lòng, không hài lòng và gắn kết của khách hàng.",
							"Results for customer satisfaction, dissatisfaction and engagement."),
						shT("Chỉ số hài lòng khách hàng; khiếu nại; tỷ lệ khách hàng quay lại qua các năm.",
							"Customer satisfaction indices; complaints; repeat-customer rates over the years.")),
					shXItem("7.3", 80, shT("Kết quả về nguồn nhân lực", "Workforce results"),
						shT("Kết quả về năng lực, môi trường, gắn kết và phát triển của người lao động.",
							"Results for workforce capability, climate, engagement and development."),
						shT("Tỷ lệ nghỉ việc, tai nạn lao động, giờ đào tạo, mức độ gắn kết qua các năm.",
							"Turnover, workplace accidents, training hours and engagement over the years.")),
					shXItem("7.4", 80, shT("Kết quả về lãnh đạo và quản trị", "Leadership and governance results"),
						shT("Kết quả về truyền thông của lãnh đạo, quản trị, tuân thủ pháp luật, đạo đức và đóng góp xã hội.",
							"Results for leadership communication, governance, legal compliance, ethics and societal contributions."),
						shT("Kết quả kiểm toán, thanh tra; vi phạm (nếu có); đóng góp cộng đồng; chỉ số môi trường.",
							"Audit and inspection results; violations (if any); community contributions; environmental measures.")),
					shXItem("7.5", 90, shT("Kết quả về tài chính, thị trường và chiến lược", "Financial, market and strategy results"),
						shT("Kết quả tài chính, thị phần, tăng trưởng và mức hoàn thành mục tiêu chiến lược.",
							"Financial performance, market share, growth and achievement of strategic objectives."),
						shT("Báo cáo tài chính đã kiểm toán 3 năm; thị phần; mức hoàn thành kế hoạch chiến lược.",
							"Three years of audited financial statements; market share; achievement of the strategic plan.")),
				}},
			},
		},
	}
}
