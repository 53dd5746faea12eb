package diagnosis

import (
	"nscl/internal/catalog"
	"nscl/internal/fault"
)

// The default questionnaire: version 1 on a fresh installation
// (Service.EnsureDefault). Each answer option describes what an enterprise
// at that maturity level does, from 1 (nothing in place) to 5 (systematic,
// measured and improving), so that the person answering recognises their
// firm rather than grading it.

// The dimension codes of the default questionnaire (rules refer to them).
const (
	DimLeadership = "leadership"
	DimWorkplace  = "workplace"
	DimFlow       = "flow"
	DimQuality    = "quality"
	DimEquipment  = "equipment"
	DimWorkforce  = "workforce"
	DimEnergy     = "energy"
	DimDigital    = "digital"
	DimResults    = "results"
)

func tx(vi, en string) fault.Text { return fault.Text{Vi: vi, En: en} }

func question(code string, weight float64, text fault.Text, o1, o2, o3, o4, o5 fault.Text) Question {
	return Question{Code: code, Text: text, Weight: weight, Options: [Levels]fault.Text{o1, o2, o3, o4, o5}}
}

// DefaultContent returns the shipped questionnaire and path rules.
func DefaultContent() Content {
	return Content{Dimensions: defaultDimensions(), Rules: defaultRules(), Prerequisites: defaultPrerequisites()}
}

func defaultDimensions() []Dimension {
	return []Dimension{
		{Code: DimLeadership, Weight: 1, Name: tx("Lãnh đạo và chiến lược", "Leadership and strategy"), Questions: []Question{
			question("lead_goals", 1, tx("Doanh nghiệp có mục tiêu năng suất, chất lượng rõ ràng và được truyền đạt đến người lao động không?",
				"Does the enterprise have clear productivity and quality goals, communicated to its employees?"),
				tx("Chưa có mục tiêu năng suất, chất lượng.", "There are no productivity or quality goals."),
				tx("Có mục tiêu chung chung, chỉ lãnh đạo biết.", "There are general goals that only the management knows."),
				tx("Có mục tiêu bằng số cho cả năm, phổ biến đến quản lý cấp trung.", "There are yearly numeric goals, shared with middle managers."),
				tx("Mục tiêu được phân bổ đến từng bộ phận và được theo dõi hằng tháng.", "Goals are broken down to every department and followed monthly."),
				tx("Mục tiêu gắn với chiến lược, phân bổ đến từng tổ đội, được xem xét và điều chỉnh định kỳ.", "Goals follow the strategy, reach every team and are reviewed and adjusted regularly.")),
			question("lead_plan", 1, tx("Hoạt động cải tiến năng suất có kế hoạch và nguồn lực (người, ngân sách) không?",
				"Do productivity improvement activities have a plan and resources (people, budget)?"),
				tx("Không có hoạt động cải tiến nào được lên kế hoạch.", "No improvement activity is planned."),
				tx("Cải tiến tự phát, khi có sự cố.", "Improvement happens ad hoc, when something goes wrong."),
				tx("Có kế hoạch cải tiến hằng năm nhưng ít nguồn lực.", "There is a yearly improvement plan but few resources."),
				tx("Có kế hoạch, ngân sách và người phụ trách cải tiến.", "There is a plan, a budget and a person in charge of improvement."),
				tx("Cải tiến là một phần của chiến lược, có bộ phận chuyên trách và đánh giá hiệu quả đầu tư.", "Improvement is part of the strategy, with a dedicated team and a return-on-investment review.")),
			question("lead_review", 1, tx("Lãnh đạo xem xét kết quả hoạt động (năng suất, chất lượng, chi phí) như thế nào?",
				"How does the management review performance (productivity, quality, cost)?"),
				tx("Không xem xét định kỳ.", "There is no regular review."),
				tx("Chỉ xem doanh thu, lợi nhuận cuối năm.", "Only revenue and profit at year end."),
				tx("Họp xem xét hằng tháng với một vài chỉ số.", "A monthly review meeting with a few indicators."),
				tx("Bộ chỉ số (KPI) được xem xét định kỳ và có hành động khắc phục.", "A set of indicators (KPIs) is reviewed regularly, with corrective action."),
				tx("Thẻ điểm cân bằng (BSC) liên kết các cấp, quyết định dựa trên dữ liệu.", "A balanced scorecard links every level; decisions rest on data.")),
		}},
		{Code: DimWorkplace, Weight: 1, Name: tx("Tổ chức nơi làm việc", "Workplace organisation"), Questions: []Question{
			question("work_sort", 1, tx("Khu vực sản xuất có được sàng lọc, sắp xếp gọn gàng không?",
				"Is the production area sorted and kept in order?"),
				tx("Vật dụng thừa, phế liệu để lẫn trong khu vực làm việc.", "Unneeded items and scrap are mixed in the work area."),
				tx("Thỉnh thoảng dọn dẹp, chủ yếu trước các đợt kiểm tra.", "The area is cleaned now and then, mostly before inspections."),
				tx("Có vị trí cho dụng cụ, vật tư ở phần lớn khu vực.", "Tools and materials have a place in most areas."),
				tx("Mọi vật dụng có vị trí được đánh dấu, dễ nhận ra khi thiếu hoặc sai chỗ.", "Everything has a marked place; a missing or misplaced item is obvious."),
				tx("Nơi làm việc được tiêu chuẩn hóa, người lao động tự duy trì và cải tiến.", "The workplace is standardised; employees keep it and improve it themselves.")),
			question("work_clean", 1, tx("Việc vệ sinh và kiểm tra nơi làm việc được thực hiện như thế nào?",
				"How are cleaning and inspection of the workplace done?"),
				tx("Không có quy định vệ sinh.", "There is no cleaning rule."),
				tx("Vệ sinh khi bẩn, không có phân công.", "Cleaning happens when things get dirty, with nobody assigned."),
				tx("Có lịch vệ sinh và phân công, thực hiện chưa đều.", "There is a cleaning schedule with assignments, not always followed."),
				tx("Vệ sinh kết hợp kiểm tra, phát hiện bất thường theo lịch.", "Cleaning is combined with inspection and finds abnormalities on schedule."),
				tx("Loại bỏ được nguồn gây bẩn; vệ sinh là thói quen hằng ngày của mọi người.", "The sources of dirt are removed; cleaning is everyone's daily habit.")),
			question("work_audit", 1, tx("Doanh nghiệp có đánh giá 5S định kỳ không?", "Does the enterprise audit 5S regularly?"),
				tx("Chưa biết hoặc chưa áp dụng 5S.", "5S is unknown or not applied."),
				tx("Đã đào tạo 5S nhưng chưa duy trì.", "Staff were trained in 5S but it was not kept up."),
				tx("Áp dụng 5S ở một số khu vực, có đánh giá không thường xuyên.", "5S is applied in some areas, with occasional audits."),
				tx("Đánh giá 5S định kỳ toàn doanh nghiệp, kết quả được công bố.", "5S is audited regularly across the enterprise and the results are posted."),
				tx("5S là nền tảng văn hóa; kết quả đánh giá cao và ổn định nhiều năm.", "5S is part of the culture; audit scores are high and stable for years.")),
		}},
		{Code: DimFlow, Weight: 1, Name: tx("Kế hoạch và dòng chảy sản xuất", "Production planning and flow"), Questions: []Question{
			question("flow_plan", 1, tx("Kế hoạch sản xuất được lập và điều chỉnh như thế nào?", "How is the production plan made and adjusted?"),
				tx("Không có kế hoạch, làm theo đơn hàng gấp.", "There is no plan; work follows urgent orders."),
				tx("Kế hoạch theo kinh nghiệm, thường xuyên bị phá vỡ.", "The plan relies on experience and is often broken."),
				tx("Có kế hoạch tuần/tháng dựa trên năng lực, điều chỉnh khi cần.", "A weekly or monthly plan based on capacity, adjusted when needed."),
				tx("Kế hoạch cân bằng tải, theo dõi tiến độ hằng ngày.", "The plan levels the load; progress is followed daily."),
				tx("Sản xuất theo nhịp nhu cầu (takt), kéo theo đơn hàng.", "Production follows the demand rhythm (takt) and is pulled by orders.")),
			question("flow_wip", 1, tx("Tồn kho bán thành phẩm giữa các công đoạn ở mức nào?", "How much work in progress sits between process steps?"),
				tx("Rất nhiều, không kiểm soát được.", "A lot, and it is not controlled."),
				tx("Nhiều, chỉ kiểm kê cuối kỳ.", "A lot, counted only at period end."),
				tx("Có giới hạn tồn kho ở một số công đoạn.", "Some steps have work-in-progress limits."),
				tx("Tồn kho được kiểm soát ở mọi công đoạn và giảm dần.", "Work in progress is controlled at every step and falling."),
				tx("Dòng chảy liên tục hoặc kéo (kanban), tồn kho tối thiểu.", "Continuous or pull (kanban) flow with minimal work in progress.")),
			question("flow_leadtime", 1, tx("Doanh nghiệp có biết thời gian sản xuất (lead time) và các lãng phí trong dòng chảy không?",
				"Does the enterprise know its production lead time and the waste in its flow?"),
				tx("Không đo thời gian sản xuất.", "Lead time is not measured."),
				tx("Biết ước lượng, chưa đo.", "It is estimated, not measured."),
				tx("Đo thời gian sản xuất của sản phẩm chính.", "Lead time is measured for the main products."),
				tx("Đã vẽ sơ đồ chuỗi giá trị, xác định lãng phí.", "The value stream is mapped and the waste identified."),
				tx("Sơ đồ chuỗi giá trị tương lai được thực hiện; thời gian chuyển đổi và chờ đợi giảm rõ rệt.", "A future-state value stream is implemented; changeover and waiting times are clearly down.")),
			question("flow_changeover", 1, tx("Thời gian chuyển đổi sản phẩm (thay khuôn, đổi mã hàng) được quản lý thế nào?",
				"How are product changeovers (die changes, model changes) managed?"),
				tx("Không theo dõi, chuyển đổi mất nhiều giờ.", "Not followed; changeovers take hours."),
				tx("Biết là lâu nhưng chưa có biện pháp.", "Known to be long, with no action."),
				tx("Có quy trình chuyển đổi chuẩn cho một số máy.", "Some machines have a standard changeover procedure."),
				tx("Đo và giảm thời gian chuyển đổi một cách có hệ thống.", "Changeover time is measured and reduced systematically."),
				tx("Chuyển đổi dưới 10 phút (SMED) ở các máy then chốt.", "Changeovers under ten minutes (SMED) on key machines.")),
		}},
		{Code: DimQuality, Weight: 1, Name: tx("Quản lý chất lượng", "Quality management"), Questions: []Question{
			question("qual_control", 1, tx("Chất lượng sản phẩm được kiểm soát như thế nào?", "How is product quality controlled?"),
				tx("Chỉ kiểm tra khi khách hàng khiếu nại.", "Only when a customer complains."),
				tx("Kiểm tra thành phẩm cuối cùng, loại bỏ hàng lỗi.", "Finished goods are inspected and defects sorted out."),
				tx("Kiểm tra tại các công đoạn chính theo tiêu chuẩn viết.", "Main steps are inspected against written standards."),
				tx("Kiểm soát quá trình bằng dữ liệu (biểu đồ kiểm soát) ở công đoạn then chốt.", "Key steps are controlled with data (control charts)."),
				tx("Quá trình ổn định và có năng lực (Cpk ≥ 1,33), phòng ngừa lỗi ngay từ thiết kế.", "Processes are stable and capable (Cpk ≥ 1.33); defects are prevented from design.")),
			question("qual_defects", 1, tx("Tỷ lệ lỗi, hàng trả về có được đo và phân tích nguyên nhân không?",
				"Are defect and return rates measured and their causes analysed?"),
				tx("Không đo tỷ lệ lỗi.", "Defect rates are not measured."),
				tx("Có số liệu lỗi nhưng không phân tích.", "Defect data exist but are not analysed."),
				tx("Phân tích nguyên nhân các lỗi lớn (ví dụ biểu đồ Pareto, xương cá).", "Major defects are analysed (e.g. Pareto, fishbone diagrams)."),
				tx("Các nhóm cải tiến giải quyết vấn đề theo phương pháp (PDCA, 7 công cụ).", "Improvement teams solve problems with a method (PDCA, the 7 QC tools)."),
				tx("Tỷ lệ lỗi thấp và giảm liên tục; dự án Six Sigma cho vấn đề phức tạp.", "Defect rates are low and still falling; Six Sigma projects tackle complex problems.")),
			question("qual_system", 1, tx("Doanh nghiệp có hệ thống quản lý chất lượng (ví dụ ISO 9001) không?",
				"Does the enterprise have a quality management system (e.g. ISO 9001)?"),
				tx("Không có quy trình viết.", "There are no written procedures."),
				tx("Có một số quy trình viết, ít được tuân thủ.", "Some written procedures, seldom followed."),
				tx("Đang xây dựng hoặc mới chứng nhận hệ thống quản lý chất lượng.", "A quality management system is being built or was just certified."),
				tx("Hệ thống được duy trì, đánh giá nội bộ có hiệu lực.", "The system is maintained and internal audits are effective."),
				tx("Hệ thống tích hợp với các tiêu chuẩn khác và thúc đẩy cải tiến liên tục.", "The system is integrated with other standards and drives continual improvement.")),
		}},
		{Code: DimEquipment, Weight: 1, Name: tx("Thiết bị và bảo trì", "Equipment and maintenance"), Questions: []Question{
			question("equip_maint", 1, tx("Thiết bị được bảo trì như thế nào?", "How is equipment maintained?"),
				tx("Chỉ sửa khi hỏng.", "It is repaired only when it breaks down."),
				tx("Bảo dưỡng theo khuyến cáo của nhà sản xuất khi có thời gian.", "Serviced as the maker recommends, when there is time."),
				tx("Có kế hoạch bảo dưỡng phòng ngừa cho thiết bị chính.", "There is a preventive maintenance plan for the main equipment."),
				tx("Công nhân vận hành tự bảo trì hằng ngày; bảo trì phòng ngừa được thực hiện đầy đủ.", "Operators do daily autonomous maintenance; preventive maintenance is done in full."),
				tx("Bảo trì năng suất toàn diện (TPM) và bảo trì dự đoán dựa trên dữ liệu.", "Total productive maintenance (TPM) and data-based predictive maintenance.")),
			question("equip_oee", 1, tx("Hiệu suất thiết bị tổng thể (OEE) hoặc thời gian dừng máy có được đo không?",
				"Is overall equipment effectiveness (OEE) or downtime measured?"),
				tx("Không đo thời gian dừng máy.", "Downtime is not measured."),
				tx("Ghi nhận các sự cố lớn.", "Major breakdowns are recorded."),
				tx("Đo thời gian dừng máy ở thiết bị chính.", "Downtime is measured on the main equipment."),
				tx("Đo OEE ở thiết bị then chốt và phân tích tổn thất.", "OEE is measured on key equipment and the losses analysed."),
				tx("OEE cao (≥ 85%) và ổn định ở thiết bị then chốt.", "OEE is high (≥ 85%) and stable on key equipment.")),
			question("equip_spares", 1, tx("Phụ tùng và hồ sơ thiết bị được quản lý thế nào?", "How are spare parts and equipment records managed?"),
				tx("Không có hồ sơ thiết bị, thiếu phụ tùng khi hỏng.", "No equipment records; spare parts are missing when needed."),
				tx("Có hồ sơ một phần, mua phụ tùng khi cần.", "Partial records; spares bought when needed."),
				tx("Hồ sơ đầy đủ cho thiết bị chính, có danh mục phụ tùng.", "Full records for the main equipment and a spare parts list."),
				tx("Lịch sử hỏng hóc được phân tích; phụ tùng quan trọng có mức tồn tối thiểu.", "Failure history is analysed; critical spares have minimum stock levels."),
				tx("Quản lý vòng đời thiết bị bằng phần mềm, chi phí bảo trì tối ưu.", "Equipment life cycles are managed in software at optimal maintenance cost.")),
		}},
		{Code: DimWorkforce, Weight: 1, Name: tx("Nhân lực và kỹ năng", "Workforce and skills"), Questions: []Question{
			question("people_training", 1, tx("Người lao động được đào tạo như thế nào?", "How are employees trained?"),
				tx("Không có đào tạo, học bằng cách làm.", "No training; people learn on the job."),
				tx("Hướng dẫn ban đầu khi tuyển dụng.", "An introduction when they are hired."),
				tx("Có kế hoạch đào tạo hằng năm theo nhu cầu.", "A yearly training plan based on needs."),
				tx("Ma trận kỹ năng cho từng vị trí, đào tạo đa kỹ năng.", "A skills matrix for every position and multi-skill training."),
				tx("Đào tạo gắn với lộ trình nghề nghiệp, đánh giá hiệu quả đào tạo.", "Training follows career paths and its effect is evaluated.")),
			question("people_suggest", 1, tx("Người lao động có tham gia đề xuất cải tiến không?", "Do employees take part in suggesting improvements?"),
				tx("Không có kênh đề xuất.", "There is no way to make suggestions."),
				tx("Có hòm thư góp ý nhưng ít được phản hồi.", "A suggestion box exists but gets little response."),
				tx("Có chương trình đề xuất cải tiến, một số ý kiến được thực hiện.", "A suggestion scheme exists and some ideas are carried out."),
				tx("Nhóm chất lượng (QCC) hoặc nhóm Kaizen hoạt động đều đặn, có khen thưởng.", "Quality circles (QCC) or Kaizen teams meet regularly, with rewards."),
				tx("Hầu hết người lao động đề xuất cải tiến mỗi năm; cải tiến là văn hóa.", "Most employees suggest improvements every year; improvement is the culture.")),
			question("people_standard", 1, tx("Công việc có hướng dẫn chuẩn (tiêu chuẩn công việc) không?", "Is work done to standard instructions (standard work)?"),
				tx("Không có hướng dẫn, mỗi người làm một kiểu.", "No instructions; everyone works their own way."),
				tx("Có hướng dẫn cho một số công việc.", "Some jobs have instructions."),
				tx("Các công việc chính có hướng dẫn bằng văn bản.", "The main jobs have written instructions."),
				tx("Hướng dẫn trực quan tại chỗ, được cập nhật khi cải tiến.", "Visual instructions at the workstation, updated after improvements."),
				tx("Tiêu chuẩn công việc là nền cho mọi cải tiến và được người lao động tự cập nhật.", "Standard work underlies every improvement and employees update it themselves.")),
		}},
		{Code: DimEnergy, Weight: 1, Name: tx("Năng lượng và môi trường", "Energy and environment"), Questions: []Question{
			question("energy_measure", 1, tx("Doanh nghiệp đo tiêu thụ năng lượng như thế nào?", "How does the enterprise measure its energy use?"),
				tx("Chỉ biết qua hóa đơn tiền điện.", "Only from the electricity bill."),
				tx("Theo dõi tổng tiêu thụ hằng tháng.", "Total use is followed monthly."),
				tx("Đo theo khu vực hoặc thiết bị lớn; tính suất tiêu hao năng lượng.", "Use is metered by area or large equipment; energy intensity is calculated."),
				tx("Đã kiểm toán năng lượng; có mục tiêu giảm suất tiêu hao.", "An energy audit was done; there are targets for lower energy intensity."),
				tx("Hệ thống quản lý năng lượng (ISO 50001) vận hành, đo liên tục.", "An energy management system (ISO 50001) runs with continuous metering.")),
			question("energy_saving", 1, tx("Các giải pháp tiết kiệm năng lượng đã được thực hiện chưa?", "Have energy-saving measures been carried out?"),
				tx("Chưa có giải pháp nào.", "None."),
				tx("Một vài biện pháp đơn giản (tắt đèn, máy khi không dùng).", "A few simple measures (lights and machines off when idle)."),
				tx("Thay thế một số thiết bị hiệu suất cao (động cơ, chiếu sáng).", "Some high-efficiency equipment installed (motors, lighting)."),
				tx("Chương trình tiết kiệm năng lượng theo kết quả kiểm toán, đo hiệu quả.", "An energy-saving programme from the audit, with measured savings."),
				tx("Tối ưu năng lượng toàn hệ thống, sử dụng năng lượng tái tạo hoặc thu hồi nhiệt.", "System-wide energy optimisation, renewable energy or heat recovery.")),
			question("env_waste", 1, tx("Chất thải và tác động môi trường được quản lý thế nào?", "How are waste and environmental impacts managed?"),
				tx("Không phân loại, không theo dõi chất thải.", "Waste is neither sorted nor tracked."),
				tx("Đáp ứng yêu cầu tối thiểu của pháp luật khi bị kiểm tra.", "Legal minimums are met when inspected."),
				tx("Phân loại chất thải, có hồ sơ môi trường đầy đủ.", "Waste is sorted and environmental records are complete."),
				tx("Có mục tiêu giảm chất thải, nước thải, phát thải.", "There are targets to reduce waste, effluent and emissions."),
				tx("Hệ thống quản lý môi trường (ISO 14001), sản xuất sạch hơn, kinh tế tuần hoàn.", "An environmental management system (ISO 14001), cleaner production, circular economy.")),
		}},
		{Code: DimDigital, Weight: 1, Name: tx("Chuyển đổi số", "Digitalisation"), Questions: []Question{
			question("dig_data", 1, tx("Dữ liệu sản xuất được ghi chép như thế nào?", "How are production data recorded?"),
				tx("Không ghi chép hoặc ghi tay rời rạc.", "Not recorded, or on scattered paper."),
				tx("Ghi sổ tay, tổng hợp thủ công.", "In logbooks, summed up by hand."),
				tx("Nhập vào bảng tính, tổng hợp hằng tuần.", "Typed into spreadsheets and summed up weekly."),
				tx("Phần mềm quản lý sản xuất, dữ liệu gần thời gian thực.", "Production management software with near real-time data."),
				tx("Thu thập tự động từ máy (IoT/MES), phân tích để ra quyết định.", "Collected automatically from machines (IoT/MES) and analysed for decisions.")),
			question("dig_systems", 1, tx("Các hệ thống quản lý (kế toán, kho, bán hàng, sản xuất) có được kết nối không?",
				"Are the management systems (accounting, stock, sales, production) connected?"),
				tx("Không dùng phần mềm quản lý.", "No management software is used."),
				tx("Chỉ có phần mềm kế toán.", "Only accounting software."),
				tx("Có vài phần mềm riêng lẻ, nhập liệu nhiều lần.", "A few separate programs; data are entered several times."),
				tx("Các phần mềm chính được kết nối (ERP).", "The main systems are connected (ERP)."),
				tx("ERP và MES tích hợp, chia sẻ dữ liệu với khách hàng và nhà cung cấp.", "ERP and MES are integrated and share data with customers and suppliers.")),
			question("dig_skills", 1, tx("Doanh nghiệp có kế hoạch và nhân lực cho chuyển đổi số không?", "Does the enterprise have a plan and people for digital transformation?"),
				tx("Chưa quan tâm đến chuyển đổi số.", "Digital transformation is not considered."),
				tx("Có quan tâm nhưng chưa có kế hoạch.", "Interested, with no plan."),
				tx("Có kế hoạch cho một vài ứng dụng cụ thể.", "A plan for a few specific applications."),
				tx("Có lộ trình chuyển đổi số và người phụ trách.", "A digital transformation roadmap and a person in charge."),
				tx("Chuyển đổi số là trụ cột chiến lược, có đội ngũ và đo lường hiệu quả.", "Digital transformation is a strategic pillar, with a team and measured benefits.")),
		}},
		{Code: DimResults, Weight: 1, Name: tx("Kết quả hoạt động", "Results"), Questions: []Question{
			question("res_productivity", 1, tx("Năng suất lao động (giá trị gia tăng trên mỗi lao động) thay đổi thế nào trong 3 năm qua?",
				"How has labour productivity (value added per employee) changed over the last three years?"),
				tx("Không đo năng suất lao động.", "Labour productivity is not measured."),
				tx("Giảm.", "It fell."),
				tx("Gần như không đổi.", "It stayed about the same."),
				tx("Tăng dưới 5% mỗi năm.", "It rose by less than 5% a year."),
				tx("Tăng từ 5% mỗi năm trở lên, cao hơn mức trung bình ngành.", "It rose by 5% a year or more, above the sector average.")),
			question("res_delivery", 1, tx("Tỷ lệ giao hàng đúng hạn và sự hài lòng của khách hàng ra sao?", "What are the on-time delivery rate and customer satisfaction?"),
				tx("Không theo dõi.", "Not followed."),
				tx("Thường giao trễ, có khiếu nại thường xuyên.", "Deliveries are often late; complaints are frequent."),
				tx("Giao đúng hạn phần lớn đơn hàng, khiếu nại giảm.", "Most orders are on time; complaints are falling."),
				tx("Trên 95% đơn hàng đúng hạn, khảo sát khách hàng định kỳ.", "Over 95% of orders on time; customers are surveyed regularly."),
				tx("Gần như mọi đơn hàng đúng hạn; khách hàng đánh giá là nhà cung cấp ưu tiên.", "Nearly every order on time; customers rate the firm a preferred supplier.")),
			question("res_cost", 1, tx("Chi phí sản xuất trên đơn vị sản phẩm được theo dõi và cải thiện không?", "Is the production cost per unit followed and improved?"),
				tx("Không biết chi phí trên đơn vị sản phẩm.", "The cost per unit is unknown."),
				tx("Ước tính chi phí khi báo giá.", "Costs are estimated when quoting."),
				tx("Tính giá thành theo sản phẩm hằng tháng.", "The unit cost of each product is calculated monthly."),
				tx("Giá thành giảm nhờ các dự án cải tiến, có đo lường.", "Unit costs fall through measured improvement projects."),
				tx("Giá thành cạnh tranh nhất ngành, chi phí chất lượng kém được kiểm soát.", "Costs are among the best in the sector; the cost of poor quality is controlled.")),
		}},
	}
}

func step(tool catalog.ToolCode, vi, en string) Step { return Step{Tool: tool, Reason: tx(vi, en)} }

func defaultRules() []Rule {
	return []Rule{
		{Code: "workplace_weak", Dimension: DimWorkplace, MaxLevel: 2, Steps: []Step{
			step(catalog.Tool5S, "{dimension} ở mức {level}/5 → bắt đầu bằng 5S để sàng lọc, sắp xếp, làm sạch và chuẩn hóa nơi làm việc; đây là nền móng cho mọi công cụ khác.",
				"{dimension} is at level {level}/5 → start with 5S to sort, set in order, shine and standardise the workplace; it is the foundation of every other tool."),
			step(catalog.ToolKaizen, "Sau 5S, duy trì bằng các hoạt động Kaizen nhỏ, thường xuyên do chính người lao động đề xuất.",
				"After 5S, keep it going with small, frequent Kaizen improvements suggested by the employees themselves."),
		}},
		{Code: "workplace_mid", Dimension: DimWorkplace, MaxLevel: 3, Steps: []Step{
			step(catalog.Tool5S, "{dimension} ở mức {level}/5 → chuẩn hóa và duy trì 5S trên toàn doanh nghiệp, đánh giá định kỳ.",
				"{dimension} is at level {level}/5 → standardise and sustain 5S across the enterprise with regular audits."),
		}},
		{Code: "quality_weak", Dimension: DimQuality, MaxLevel: 3, Steps: []Step{
			step(catalog.ToolQC7, "{dimension} ở mức {level}/5 → dùng 7 công cụ kiểm soát chất lượng (Pareto, xương cá, phiếu kiểm tra…) để tìm nguyên nhân chính của lỗi.",
				"{dimension} is at level {level}/5 → use the 7 QC tools (Pareto, fishbone, check sheets…) to find the main causes of defects."),
			step(catalog.ToolSPC, "Khi đã có dữ liệu lỗi, kiểm soát quá trình bằng thống kê (SPC) để giữ công đoạn then chốt ổn định.",
				"Once defect data exist, control the key steps with statistical process control (SPC) to keep them stable."),
			step(catalog.ToolSixSigma, "Với các vấn đề còn lại phức tạp, dùng dự án Six Sigma (DMAIC) để giảm biến động.",
				"For the complex problems that remain, run Six Sigma (DMAIC) projects to reduce variation."),
		}},
		{Code: "quality_system", Dimension: DimQuality, MaxLevel: 2, Steps: []Step{
			step(catalog.ToolISO9001, "{dimension} ở mức {level}/5 → xây dựng hệ thống quản lý chất lượng theo ISO 9001 để chuẩn hóa quy trình.",
				"{dimension} is at level {level}/5 → build a quality management system to ISO 9001 to standardise the procedures."),
		}},
		{Code: "food_safety", Dimension: DimQuality, MaxLevel: 3, VSICPrefixes: []string{"10", "11"}, Steps: []Step{
			step(catalog.ToolGMPHACCP, "{dimension} ở mức {level}/5 trong ngành thực phẩm → áp dụng GMP/HACCP để kiểm soát an toàn thực phẩm.",
				"{dimension} is at level {level}/5 in the food sector → apply GMP/HACCP to control food safety."),
		}},
		{Code: "equipment_weak", Dimension: DimEquipment, MaxLevel: 3, Steps: []Step{
			step(catalog.ToolTPM, "{dimension} ở mức {level}/5 (thiết bị dừng nhiều, hiệu suất thấp) → áp dụng bảo trì năng suất toàn diện (TPM), bắt đầu bằng tự bảo trì.",
				"{dimension} is at level {level}/5 (frequent stops, low effectiveness) → apply total productive maintenance (TPM), starting with autonomous maintenance."),
		}},
		{Code: "flow_weak", Dimension: DimFlow, MaxLevel: 3, Steps: []Step{
			step(catalog.ToolVSM, "{dimension} ở mức {level}/5 → vẽ sơ đồ chuỗi giá trị (VSM) để thấy tồn kho, chờ đợi và lãng phí trong dòng chảy.",
				"{dimension} is at level {level}/5 → map the value stream (VSM) to see the inventory, waiting and waste in the flow."),
			step(catalog.ToolLean, "Theo sơ đồ chuỗi giá trị, áp dụng sản xuất tinh gọn (Lean) để loại bỏ lãng phí và tạo dòng chảy.",
				"Following the value stream map, apply Lean production to remove waste and create flow."),
			step(catalog.ToolSMED, "Giảm thời gian chuyển đổi bằng SMED để sản xuất lô nhỏ, linh hoạt hơn.",
				"Cut changeover times with SMED to produce smaller, more flexible batches."),
		}},
		{Code: "flow_pull", Dimension: DimFlow, MaxLevel: 3, SizeClasses: []string{"medium", "large"}, Steps: []Step{
			step(catalog.ToolJIT, "Với quy mô vừa và lớn, tiến tới sản xuất kéo đúng thời điểm (JIT) sau khi dòng chảy đã ổn định.",
				"For a medium or large firm, move to just-in-time pull production once the flow is stable."),
		}},
		{Code: "leadership_weak", Dimension: DimLeadership, MaxLevel: 2, Steps: []Step{
			step(catalog.ToolKPIBSC, "{dimension} ở mức {level}/5 → xây dựng bộ chỉ số KPI/thẻ điểm cân bằng (BSC) để đặt mục tiêu và theo dõi cải tiến.",
				"{dimension} is at level {level}/5 → build KPIs and a balanced scorecard (BSC) to set goals and follow improvement."),
		}},
		{Code: "workforce_weak", Dimension: DimWorkforce, MaxLevel: 2, Steps: []Step{
			step(catalog.ToolQCC, "{dimension} ở mức {level}/5 → thành lập nhóm kiểm soát chất lượng (QCC) để người lao động tham gia giải quyết vấn đề.",
				"{dimension} is at level {level}/5 → set up quality control circles (QCC) so that employees take part in solving problems."),
			step(catalog.ToolKaizen, "Khuyến khích đề xuất cải tiến Kaizen và ghi nhận kết quả.", "Encourage Kaizen suggestions and recognise the results."),
		}},
		{Code: "energy_weak", Dimension: DimEnergy, MaxLevel: 2, Steps: []Step{
			step(catalog.ToolEnergyAud, "{dimension} ở mức {level}/5 → kiểm toán năng lượng trước để biết thiết bị, khu vực tiêu thụ nhiều và cơ hội tiết kiệm.",
				"{dimension} is at level {level}/5 → start with an energy audit to find the large consumers and the saving opportunities."),
			step(catalog.ToolISO50001, "Trên kết quả kiểm toán, xây dựng hệ thống quản lý năng lượng theo ISO 50001.",
				"On the audit's findings, build an energy management system to ISO 50001."),
		}},
		{Code: "energy_intensive", Dimension: DimEnergy, MaxLevel: 3, Industries: []string{"steel", "chemicals", "plastics", "textiles", "energy"}, Steps: []Step{
			step(catalog.ToolEnergyAud, "{dimension} ở mức {level}/5 trong ngành tiêu thụ nhiều năng lượng → kiểm toán năng lượng để xác định suất tiêu hao.",
				"{dimension} is at level {level}/5 in an energy-intensive sector → run an energy audit to establish the energy intensity."),
			step(catalog.ToolISO50001, "Quản lý năng lượng theo ISO 50001 để giảm suất tiêu hao năng lượng một cách hệ thống.",
				"Manage energy to ISO 50001 to lower the energy intensity systematically."),
		}},
		{Code: "environment_mid", Dimension: DimEnergy, MaxLevel: 3, SizeClasses: []string{"medium", "large"}, Steps: []Step{
			step(catalog.ToolISO14001, "{dimension} ở mức {level}/5 → hệ thống quản lý môi trường ISO 14001 giúp kiểm soát chất thải và phát thải.",
				"{dimension} is at level {level}/5 → an ISO 14001 environmental management system helps control waste and emissions."),
		}},
		{Code: "digital_weak", Dimension: DimDigital, MaxLevel: 2, Steps: []Step{
			step(catalog.ToolDigital, "{dimension} ở mức {level}/5 → số hóa dữ liệu sản xuất (MES, IoT) để có số liệu chính xác, kịp thời cho các công cụ cải tiến.",
				"{dimension} is at level {level}/5 → digitalise production data (MES, IoT) for accurate, timely figures for the improvement tools."),
		}},
		{Code: "results_weak", Dimension: DimResults, MaxLevel: 2, Steps: []Step{
			step(catalog.ToolKPIBSC, "{dimension} ở mức {level}/5 → đo năng suất, giao hàng và giá thành bằng bộ KPI để biết cải tiến có hiệu quả hay không.",
				"{dimension} is at level {level}/5 → measure productivity, delivery and cost with KPIs to know whether improvement works."),
			step(catalog.ToolKaizen, "Chọn các cải tiến nhỏ có tác động nhanh đến kết quả (Kaizen).", "Choose small improvements with a quick effect on results (Kaizen)."),
		}},
		{Code: "sustain", Fallback: true, Steps: []Step{
			step(catalog.ToolKaizen, "Mọi lĩnh vực đều từ mức 4 trở lên → duy trì cải tiến liên tục bằng Kaizen.",
				"Every dimension is at level 4 or above → sustain continuous improvement with Kaizen."),
			step(catalog.ToolSixSigma, "Dùng Six Sigma cho các mục tiêu cải tiến đột phá.", "Use Six Sigma for breakthrough improvement goals."),
		}},
	}
}

func defaultPrerequisites() []Prerequisite {
	pre := func(t, r catalog.ToolCode, dim string, lvl int, vi, en string) Prerequisite {
		return Prerequisite{Tool: t, Requires: r, UnlessDimension: dim, UnlessLevel: lvl, Reason: tx(vi, en)}
	}
	const fiveS = "{dimension} ở mức {level}/5 → làm 5S trước: nơi làm việc gọn gàng, sạch sẽ là điều kiện để "
	const fiveSEn = "{dimension} is at level {level}/5 → do 5S first: a clean, orderly workplace is the condition for "
	return []Prerequisite{
		pre(catalog.ToolTPM, catalog.Tool5S, DimWorkplace, 4, fiveS+"tự bảo trì (TPM).", fiveSEn+"autonomous maintenance (TPM)."),
		pre(catalog.ToolLean, catalog.Tool5S, DimWorkplace, 4, fiveS+"sản xuất tinh gọn.", fiveSEn+"Lean production."),
		pre(catalog.ToolSMED, catalog.ToolVSM, "", 0, "Vẽ sơ đồ chuỗi giá trị trước để chọn công đoạn cần giảm thời gian chuyển đổi.",
			"Map the value stream first to choose where changeover time matters."),
		pre(catalog.ToolJIT, catalog.ToolLean, "", 0, "Sản xuất tinh gọn và dòng chảy ổn định là điều kiện của JIT.", "Lean production and a stable flow come before JIT."),
		pre(catalog.ToolSPC, catalog.ToolQC7, "", 0, "Dùng 7 công cụ chất lượng trước để có dữ liệu và hiểu nguyên nhân.", "Use the 7 QC tools first to gather data and understand the causes."),
		pre(catalog.ToolSixSigma, catalog.ToolSPC, DimQuality, 4, "Cần kiểm soát quá trình bằng thống kê (SPC) trước khi làm Six Sigma.", "Statistical process control (SPC) comes before Six Sigma."),
		pre(catalog.ToolISO50001, catalog.ToolEnergyAud, "", 0, "Kiểm toán năng lượng trước để có đường cơ sở cho ISO 50001.", "An energy audit first gives ISO 50001 its baseline."),
		pre(catalog.ToolDigital, catalog.ToolKPIBSC, DimLeadership, 3, "{dimension} ở mức {level}/5 → xác định các chỉ số cần đo (KPI) trước khi số hóa.",
			"{dimension} is at level {level}/5 → decide which indicators to measure (KPIs) before digitalising."),
	}
}
